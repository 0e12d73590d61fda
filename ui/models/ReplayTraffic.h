#pragma once

namespace ui {

// The console's "Show replay traffic" switch: whether the calls of the Replay page (source
// "replay" in the request log) count on the Logs page and in the Dashboard's figures read from
// the log. Off by default: a replay is a test, not use. Kept in the console's settings.
class ReplayTraffic
{
public:
    static bool shown();
    static void setShown(bool shown);
};

} // namespace ui
