/* The compiled metadata blob (data/metadata.bin), linked into the library. */
    .section .rodata
    .balign 16
    .globl oracle_internal_metadata_blob
    .hidden oracle_internal_metadata_blob
oracle_internal_metadata_blob:
    .incbin ORACLE_METADATA_BLOB_PATH
    .globl oracle_internal_metadata_blob_end
    .hidden oracle_internal_metadata_blob_end
oracle_internal_metadata_blob_end:
    .byte 0
#if defined(__linux__) && defined(__ELF__)
    .section .note.GNU-stack,"",%progbits
#endif
