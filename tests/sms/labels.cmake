# Run by CTest after sms_test's discovered tests are defined: every test of
# sms_test is labelled "unit" and "tsan" (fast enough under ThreadSanitizer).
if(sms_test_TESTS)
  set_tests_properties(${sms_test_TESTS} PROPERTIES LABELS "unit;tsan")
endif()
