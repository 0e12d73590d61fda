// libFuzzer entry point (clang -fsanitize=fuzzer): see tests/fuzz/CMakeLists.txt.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::bedrockEventStream(data, size);
    return 0;
}
