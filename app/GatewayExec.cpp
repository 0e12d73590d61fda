#include "GatewayExec.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

namespace app {

void execGatewayExecutable(char** argv)
{
    // From the kernel, not from argv[0] (a name found on PATH, or a relative path) or from
    // QCoreApplication::applicationDirPath() (there is no application object yet).
    char self[PATH_MAX];
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self);
    if (length <= 0 || size_t(length) >= sizeof self)
        return;
    std::string path(self, size_t(length));
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return;
    path.resize(slash + 1);
    path += SWITCHBOARD_GATEWAY_FILE_NAME;
    ::execv(path.c_str(), argv);
    if (errno != ENOENT)
        fprintf(stderr, "switchboard: cannot run %s (%s); running the command in this process\n",
                path.c_str(), strerror(errno));
}

} // namespace app
