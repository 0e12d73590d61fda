#pragma once

namespace app {

// Replaces this process with switchboard-gateway from this executable's directory, with the
// same arguments (execv: the PID, the open descriptors, the environment and the signal mask
// stay), so that a headless command maps none of the console's libraries (issue 9, idle RSS).
// Returns only when that is not possible, and then the caller runs the command itself: silently
// when there is no switchboard-gateway beside this executable, with one line on stderr when
// there is one that cannot be run.
void execGatewayExecutable(char** argv);

} // namespace app
