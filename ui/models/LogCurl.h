#pragma once

#include <QByteArray>
#include <QString>

namespace ui {

// "Copy as cURL" on the Logs page: a curl command that sends a logged request again to this
// gateway, with the body as it was sent. The key is a placeholder ($SWITCHBOARD_API_KEY, which
// the shell fills in from the environment): the log never holds a client's key, and a command
// that is pasted into chats and tickets must not either.
class LogCurl
{
public:
    // The API path below the base URL of a logged endpoint (chat.completions →
    // /chat/completions); empty for a row that has none (a refusal before routing).
    static QString pathOf(const QString& endpoint);
    // baseUrl: the gateway's, ending in /v1. A body that asks for a stream gets --no-buffer, so
    // that the events show as they come.
    static QString command(const QString& baseUrl, const QString& endpoint, const QByteArray& body);
    // text in single quotes for a POSIX shell: each ' becomes '\''.
    static QString shellQuoted(const QString& text);
};

} // namespace ui
