#include "tls/SocketIo.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace gateway::tls {

namespace {
ssize_t fromErrno()
{
    return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? kWouldBlock : kFailed;
}
} // namespace

ssize_t readSome(int fd, SSL* ssl, char* buffer, size_t length, bool* wantsWrite)
{
    *wantsWrite = false;
    if (!ssl) {
        const ssize_t n = ::read(fd, buffer, length);
        return n >= 0 ? n : fromErrno();
    }
    ERR_clear_error();
    errno = 0;
    const int n = SSL_read(ssl, buffer, int(length));
    if (n > 0)
        return n;
    switch (SSL_get_error(ssl, n)) {
    case SSL_ERROR_WANT_READ: return kWouldBlock;
    case SSL_ERROR_WANT_WRITE: *wantsWrite = true; return kWouldBlock;
    case SSL_ERROR_ZERO_RETURN: return 0;
    case SSL_ERROR_SYSCALL: return errno == 0 ? 0 : kFailed; // EOF without close_notify
    default: return kFailed;
    }
}

ssize_t writeSome(int fd, SSL* ssl, const char* data, size_t length)
{
    if (!ssl) {
        const ssize_t n = ::send(fd, data, length, MSG_NOSIGNAL);
        return n >= 0 ? n : fromErrno();
    }
    ERR_clear_error();
    const int n = SSL_write(ssl, data, int(length));
    if (n > 0)
        return n;
    const int error = SSL_get_error(ssl, n);
    return (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ) ? kWouldBlock : kFailed;
}

Handshake continueHandshake(SSL* ssl)
{
    ERR_clear_error();
    const int r = SSL_do_handshake(ssl);
    if (r == 1)
        return Handshake::Done;
    switch (SSL_get_error(ssl, r)) {
    case SSL_ERROR_WANT_READ: return Handshake::WantRead;
    case SSL_ERROR_WANT_WRITE: return Handshake::WantWrite;
    default: return Handshake::Failed;
    }
}

} // namespace gateway::tls
