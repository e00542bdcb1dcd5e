# Run by CTest after contacts_test's discovered tests are defined: they are
# labelled "unit" and "tsan" (SegmentTable reads ahead on a second thread and
# segments on a pool; fast enough under ThreadSanitizer).
if(contacts_test_TESTS)
  set_tests_properties(${contacts_test_TESTS} PROPERTIES LABELS "unit;tsan")
endif()
