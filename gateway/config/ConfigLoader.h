#pragma once

#include "Result.h"
#include "config/Config.h"
#include "config/Secrets.h"

#include <QByteArray>
#include <QStringList>

namespace gateway::config {

// Parses and validates a config document. Every error names the key's path, e.g.
// "backends[0].baseUrl: ...", and all errors are collected, not just the first.
class ConfigLoader
{
public:
    explicit ConfigLoader(SecretResolver resolver = resolveSecret);

    Result<Config> parse(const QByteArray& json) const;
    // Relative file names in the document (dataDir, server.tls.*, backends[].tls.caFile) are
    // taken relative to baseDir: loadFile() passes the config file's folder.
    Result<Config> parse(const QByteArray& json, const QString& baseDir) const;
    Result<Config> loadFile(const QString& path) const;
    // The embedded default: the built-in mock backend with aliases mock-fast and mock-smart.
    Result<Config> loadDefault() const;
    // The embedded default as JSON bytes (for hosts that edit the document).
    static QByteArray defaultDocument();

    // Parses "HOST:PORT" (IPv6 as "[::1]:4000").
    static bool parseListen(const QString& text, QString* host, quint16* port);
    // The inverse: "HOST:PORT", with an IPv6 host in brackets (RFC 3986 section 3.2.2).
    static QString formatListen(const QString& host, quint16 port);
    // Why an entry of server.cors.allowedOrigins is not an origin, or an empty string if it is.
    // A browser's Origin header (RFC 6454 section 6.1) is "scheme://host[:port]" in lower case,
    // with no path; a listed origin must be written the same way, or it would never match. The
    // console's Settings page checks what the user types with it.
    static QString originProblem(const QString& origin);
    // Whether a backend may be named so: letters, digits, '.', '_' and '-'. A target is written
    // "backend/model" (Replay, the console), so a '/' in a backend's name would be ambiguous;
    // the console's backend dialog checks what the user types with it.
    static bool isValidBackendName(const QString& name);
    // Whether a key or a tenant may be named so: 1 to 64 letters, digits, '.', '_' and '-'
    // (names appear in URLs of the admin API and on command lines).
    static bool isValidKeyName(const QString& name);

private:
    SecretResolver m_resolver;
};

} // namespace gateway::config
