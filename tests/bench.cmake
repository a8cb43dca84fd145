# The benchmark smoke test (label bench): the S3 endpoint, the raw client and the comparison and
# scale scripts of bench/ on a tiny tree, so the benchmark does not rot. Needs node; uses aws,
# rclone and s3cmd only where installed.
find_program(S3MIRROR_NODE node)
if(NOT S3MIRROR_NODE)
  message(WARNING "node not found: the bench smoke test will fail. Run scripts/install-deps.sh.")
endif()
add_test(NAME bench.smoke
         COMMAND ${S3MIRROR_PYTHON} -B ${CMAKE_CURRENT_SOURCE_DIR}/bench/test_bench.py
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(bench.smoke PROPERTIES
  LABELS bench
  TIMEOUT 300
  ENVIRONMENT "S3MIRROR_BIN=$<TARGET_FILE:s3mirror>;RAW_PUT_BIN=$<TARGET_FILE:raw_put>;PYTHONDONTWRITEBYTECODE=1;NO_PROXY=127.0.0.1;no_proxy=127.0.0.1")
