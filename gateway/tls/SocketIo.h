#pragma once

#include <sys/types.h>

typedef struct ssl_st SSL;

namespace gateway::tls {

// One read or write on a non-blocking socket, through TLS when ssl is set. Shared by the
// server's connections and the upstream client so both treat EAGAIN, EOF and OpenSSL's
// WANT_READ/WANT_WRITE the same way.
//
// Returns the bytes moved (> 0), 0 for an orderly end of stream (reads only), kWouldBlock when
// the socket has nothing for now, or kFailed. A TLS read may need the socket to be writable
// first (*wantsWrite is then set).
constexpr ssize_t kWouldBlock = -1;
constexpr ssize_t kFailed = -2;
ssize_t readSome(int fd, SSL* ssl, char* buffer, size_t length, bool* wantsWrite);
ssize_t writeSome(int fd, SSL* ssl, const char* data, size_t length);

// Drives a handshake (client or server, per the SSL's state) one step.
enum class Handshake { Done, WantRead, WantWrite, Failed };
Handshake continueHandshake(SSL* ssl);

} // namespace gateway::tls
