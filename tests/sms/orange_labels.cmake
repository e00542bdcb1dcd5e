# Run by CTest after orange_sms_test's discovered tests are defined: the
# tests of concurrent code also get the "tsan" label.
foreach(_test IN LISTS orange_sms_test_TESTS)
  if(_test MATCHES "\\.Concurrent")
    set_tests_properties(${_test} PROPERTIES LABELS "unit;tsan")
  endif()
endforeach()
