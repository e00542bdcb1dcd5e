# Run by CTest after batch_test's discovered tests are defined: every test of
# batch_test is labelled "unit" and "tsan" (threaded, fast enough under
# ThreadSanitizer).
if(batch_test_TESTS)
  set_tests_properties(${batch_test_TESTS} PROPERTIES LABELS "unit;tsan")
endif()
