# Tests of the Orange SMS API transport (include/oracle/orange_sms.h) and the
# mock Orange server they run against (tests/sms/mock_orange/).
#
#   oracle_mock_orange   the mock as a process: prints its ports as JSON, then
#                        serves HTTPS on 127.0.0.1 with /__admin/* endpoints
#                        (counts, reset, faults) for other test suites.
#   orange_sms_test      GoogleTest: parsers, options, and the transport
#                        against the in-process mock (faults, TLS, secrets).
#                        Labels: unit; the Concurrent* tests also tsan.
find_package(OpenSSL REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)

add_library(oracle_mock_orange_lib STATIC mock_orange/mock_orange.cc)
target_include_directories(oracle_mock_orange_lib PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(oracle_mock_orange_lib PUBLIC
  Boost::headers OpenSSL::SSL OpenSSL::Crypto nlohmann_json::nlohmann_json
  Threads::Threads)
target_compile_options(oracle_mock_orange_lib PRIVATE -Wall -Wextra -Wno-unused-parameter)

add_executable(oracle_mock_orange mock_orange/main.cc)
target_link_libraries(oracle_mock_orange PRIVATE oracle_mock_orange_lib)

add_executable(orange_sms_test orange_parse_test.cc orange_transport_test.cc)
target_link_libraries(orange_sms_test PRIVATE
  oracle::oracle oracle_mock_orange_lib GTest::gtest GTest::gtest_main)
target_include_directories(orange_sms_test PRIVATE
  ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
target_compile_definitions(orange_sms_test PRIVATE
  ORACLE_MOCK_ORANGE_BIN="$<TARGET_FILE:oracle_mock_orange>")
add_dependencies(orange_sms_test oracle_mock_orange)
gtest_discover_tests(orange_sms_test DISCOVERY_TIMEOUT 60
  PROPERTIES LABELS unit TIMEOUT 120)
set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES
  ${CMAKE_CURRENT_SOURCE_DIR}/orange_labels.cmake)
