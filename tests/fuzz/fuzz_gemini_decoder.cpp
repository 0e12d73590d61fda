// libFuzzer entry point (clang -fsanitize=fuzzer) for Gemini's answer decoder and request builder:
// see tests/fuzz/CMakeLists.txt.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::geminiDecoder(data, size);
    return 0;
}
