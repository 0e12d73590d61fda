#pragma once

namespace app {

// `switchboard [--config FILE] [--data-dir DIR] [--listen HOST:PORT]`: the console, with the
// engine in-process on its own threads. Returns the exit code.
int runConsole(int argc, char** argv);

// True when a GUI can be shown: a display, or a Qt platform plugin chosen explicitly
// (QT_QPA_PLATFORM=offscreen for tests and screenshots).
bool hasDisplay();

} // namespace app
