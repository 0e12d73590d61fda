// libFuzzer entry point (clang -fsanitize=fuzzer) for the upstream response parser: see
// tests/fuzz/CMakeLists.txt.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::responseParser(data, size);
    return 0;
}
