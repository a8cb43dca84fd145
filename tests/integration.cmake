# Integration and CLI tests: Python unittest modules that run the s3mirror binary against a local
# S3 server (moto_server, started by tests/servers/s3_server.py on a free 127.0.0.1 port, one per
# module). Each module is one CTest test; they choose their own ports, so `ctest -j2` is safe.
#   label integration: library behaviour through the binary (tests/integration/test_*.py)
#   label cli:         arguments, exit codes, output, the man page (tests/cli/test_*.py, mandoc)

# The python3 first on PATH (the pyenv one on our machines, which has boto3 and moto); the system
# one otherwise.
find_program(S3MIRROR_PYTHON NAMES python3 DOC "Python with boto3 and moto[server] for the tests")
if(NOT S3MIRROR_PYTHON)
  find_package(Python3 COMPONENTS Interpreter REQUIRED)
  set(S3MIRROR_PYTHON ${Python3_EXECUTABLE})
endif()
execute_process(COMMAND ${S3MIRROR_PYTHON} -c "import boto3, moto.server"
                RESULT_VARIABLE s3mirror_python_ok OUTPUT_QUIET ERROR_QUIET)
if(NOT s3mirror_python_ok EQUAL 0)
  message(WARNING "${S3MIRROR_PYTHON} cannot import boto3 and moto: the integration and cli tests "
                  "will fail. Run scripts/install-deps.sh.")
endif()

function(s3mirror_add_python_tests folder label timeout)
  file(GLOB modules CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${folder}/test_*.py)
  foreach(module ${modules})
    get_filename_component(name ${module} NAME_WE)
    add_test(NAME ${label}.${name}
             COMMAND ${S3MIRROR_PYTHON} -B ${module}
             WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${folder})
    set_tests_properties(${label}.${name} PROPERTIES
      LABELS ${label}
      TIMEOUT ${timeout}
      ENVIRONMENT "S3MIRROR_BIN=$<TARGET_FILE:s3mirror>;PYTHONUNBUFFERED=1;PYTHONDONTWRITEBYTECODE=1;NO_PROXY=127.0.0.1;no_proxy=127.0.0.1")
  endforeach()
endfunction()

s3mirror_add_python_tests(integration integration 600)
s3mirror_add_python_tests(cli cli 300)

# The man page is linted (any warning or error fails the test; style notes are left out because
# "referenced manual not found" depends on which manuals the machine has) and must name every option.
find_program(S3MIRROR_MANDOC mandoc)
if(S3MIRROR_MANDOC)
  add_test(NAME cli.man_page_lint
           COMMAND sh -c "out=$(\"$0\" -Tlint -Wwarning \"$1\" 2>&1); printf '%s' \"$out\"; test -z \"$out\""
                   ${S3MIRROR_MANDOC} ${CMAKE_SOURCE_DIR}/man/s3mirror.1)
  set_tests_properties(cli.man_page_lint PROPERTIES LABELS cli TIMEOUT 30)
else()
  message(WARNING "mandoc not found: the man page tests will fail. Run scripts/install-deps.sh.")
endif()
