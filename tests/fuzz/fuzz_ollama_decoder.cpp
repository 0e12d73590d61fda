// libFuzzer entry point (clang -fsanitize=fuzzer) for Ollama's answer decoder and request builder:
// see tests/fuzz/CMakeLists.txt.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::ollamaDecoder(data, size);
    return 0;
}
