#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gateway::tls {

inline constexpr int sha256Bytes = 32;

// SHA-256 through OpenSSL. Its one-shot SHA256() looks the algorithm up on every call (about
// 270 ns for a gateway key's 49 bytes, measured here); this fetches it once and keeps a context
// per thread (about 70 ns). It runs for every request that presents a key.
void sha256(QByteArrayView data, unsigned char out[sha256Bytes]);
QByteArray sha256(QByteArrayView data);

} // namespace gateway::tls
