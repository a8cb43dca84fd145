// cli/ is built into the s3mirror executable only, not into a library the unit tests link. Its
// pure parts are compiled into the unit tests here. If CMake gains an s3mirror_cli library (all of
// cli/ but main.cpp), link unit_tests to it and delete this file.
#include "../../../cli/exit_code.cpp"
#include "../../../cli/options.cpp"
#include "../../../cli/signals.cpp"
#include "../../../cli/sync_args.cpp"
