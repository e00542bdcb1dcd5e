# Fails when tests/cli/cli_test.py has a case that tests/cli/CMakeLists.txt
# does not register (run with cmake -P; see that file).
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND ${PYTHON} ${SCRIPT} --list
                OUTPUT_VARIABLE listed RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} --list failed")
endif()
string(STRIP "${listed}" listed)
string(REPLACE "\n" ";" listed "${listed}")
foreach(case IN LISTS listed)
  if(NOT case IN_LIST REGISTERED)
    message(FATAL_ERROR "case '${case}' of ${SCRIPT} is not registered in "
                        "tests/cli/CMakeLists.txt")
  endif()
endforeach()
