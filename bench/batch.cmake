# The batch pipeline's benchmarks, included from bench/CMakeLists.txt after
# its own targets (it uses oracle_bench_corpus and, when found,
# oracle_bench_libphonenumber).
#
#   oracle_batch_bench   Google Benchmark of BatchSegmenter (1 thread and all
#                        threads), the normalisation kernels and, for
#                        reference, Engine::SegmentInto.
#   oracle_compare_all   one run, one corpus: libphonenumber C++, Python
#                        phonenumbers, Oracle single-number, Oracle batch on
#                        1 thread and on all threads; numbers per second and
#                        ratio to libphonenumber. Also the streaming memory
#                        check (--stream N). Needs libphonenumber.

find_package(Threads REQUIRED)

add_executable(oracle_batch_bench ${CMAKE_CURRENT_LIST_DIR}/batch_bench.cc)
target_link_libraries(oracle_batch_bench PRIVATE
  oracle::oracle oracle_bench_corpus benchmark::benchmark Threads::Threads)
# The kernel benchmark calls the library's internal kernels directly, which
# a shared (hidden-visibility) library does not export.
target_include_directories(oracle_batch_bench PRIVATE ${PROJECT_SOURCE_DIR}/src)
if(BUILD_SHARED_LIBS)
  message(FATAL_ERROR "oracle_batch_bench needs a static liboracle "
                      "(BUILD_SHARED_LIBS=OFF)")
endif()
target_compile_options(oracle_batch_bench PRIVATE -Wall -Wextra)

if(ORACLE_BENCH_HAVE_LIBPHONENUMBER)
  add_executable(oracle_compare_all ${CMAKE_CURRENT_LIST_DIR}/compare_all.cc)
  target_link_libraries(oracle_compare_all PRIVATE
    oracle::oracle oracle_bench_corpus oracle_bench_libphonenumber
    Threads::Threads)
  target_compile_definitions(oracle_compare_all PRIVATE
    ORACLE_BENCH_PYTHON="${PROJECT_SOURCE_DIR}/.venv/bin/python"
    ORACLE_BENCH_PHONENUMBERS_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/phonenumbers_rate.py")
  target_compile_options(oracle_compare_all PRIVATE -Wall -Wextra)
  # The harness itself runs: every row on a small corpus, the batch on two
  # threads, the round-by-round speed-up printed (no figure is checked; a
  # ";" would split the expression in two).
  if(ORACLE_BUILD_TESTS)
    add_test(NAME bench.compare_all_runs
             COMMAND oracle_compare_all --n 3000 --repeats 3
                     --python-sample 0 --threads 2)
    set_tests_properties(bench.compare_all_runs PROPERTIES
      LABELS unit
      PASS_REGULAR_EXPRESSION
        "Oracle batch 2 threads.*batch speed-up, 1 -> 2 threads: [0-9.]+x \\(medians\\). round by round: min [0-9.]+x, median [0-9.]+x, max [0-9.]+x")
  endif()
endif()
