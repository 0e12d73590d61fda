#pragma once

#include <QByteArray>
#include <QString>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

// A blocking TLS client built on OpenSSL alone (none of the gateway's TLS code), verifying the
// server against caFile and the name 127.0.0.1; with certFile and keyFile (PEM) it presents
// that client certificate when the server asks for one.
class TlsClient
{
public:
    TlsClient(quint16 port, const QString& caFile, const QString& certFile = QString(),
              const QString& keyFile = QString())
    {
        m_ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, nullptr);
        if (!caFile.isEmpty())
            SSL_CTX_load_verify_locations(m_ctx, caFile.toLocal8Bit().constData(), nullptr);
        if (!certFile.isEmpty()) {
            SSL_CTX_use_certificate_file(m_ctx, certFile.toLocal8Bit().constData(),
                                         SSL_FILETYPE_PEM);
            SSL_CTX_use_PrivateKey_file(m_ctx, keyFile.toLocal8Bit().constData(), SSL_FILETYPE_PEM);
        }
        m_fd = socket(AF_INET, SOCK_STREAM, 0);
        timeval timeout{10, 0};
        setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            return;
        m_ssl = SSL_new(m_ctx);
        SSL_set_fd(m_ssl, m_fd);
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), "127.0.0.1");
        const unsigned char alpn[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
        SSL_set_alpn_protos(m_ssl, alpn, sizeof alpn);
        m_connected = SSL_connect(m_ssl) == 1;
    }
    ~TlsClient()
    {
        if (m_ssl)
            SSL_free(m_ssl);
        if (m_fd >= 0)
            ::close(m_fd);
        SSL_CTX_free(m_ctx);
    }

    bool connected() const { return m_connected; }
    QByteArray alpn() const
    {
        const unsigned char* protocol = nullptr;
        unsigned int length = 0;
        SSL_get0_alpn_selected(m_ssl, &protocol, &length);
        return QByteArray(reinterpret_cast<const char*>(protocol), int(length));
    }
    bool write(const QByteArray& bytes)
    {
        return SSL_write(m_ssl, bytes.constData(), int(bytes.size())) == bytes.size();
    }
    // Everything until the server closes the connection.
    QByteArray readToEnd()
    {
        QByteArray all;
        char buffer[16384];
        int n;
        while ((n = SSL_read(m_ssl, buffer, sizeof buffer)) > 0)
            all.append(buffer, n);
        return all;
    }

private:
    SSL_CTX* m_ctx = nullptr;
    SSL* m_ssl = nullptr;
    int m_fd = -1;
    bool m_connected = false;
};
