# The contact-file benchmark, included from bench/CMakeLists.txt (it uses
# oracle_bench_corpus).
#
#   oracle_csv_bench   CSV -> segmented CSV end to end (reader,
#                      SegmentTable, writer) on 1,000,000 generated rows,
#                      stage by stage, and Python's csv module +
#                      phonenumbers on a sample in the same run.
add_executable(oracle_csv_bench ${CMAKE_CURRENT_LIST_DIR}/csv_bench.cc)
target_link_libraries(oracle_csv_bench PRIVATE oracle::oracle oracle_bench_corpus)
target_compile_definitions(oracle_csv_bench PRIVATE
  ORACLE_BENCH_PYTHON="${PROJECT_SOURCE_DIR}/.venv/bin/python")
target_compile_options(oracle_csv_bench PRIVATE -Wall -Wextra)
