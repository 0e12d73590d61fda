#include "tls/Sha256.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>

namespace gateway::tls {

void sha256(QByteArrayView data, unsigned char out[sha256Bytes])
{
    static EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
        EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned int length = 0;
    // These fail only without memory or without the default provider, which no TLS would work
    // without either; the digest is then all zeros, which matches no key.
    if (!algorithm || !context || EVP_DigestInit_ex(context.get(), algorithm, nullptr) != 1 ||
        EVP_DigestUpdate(context.get(), data.data(), size_t(data.size())) != 1 ||
        EVP_DigestFinal_ex(context.get(), out, &length) != 1 || length != sha256Bytes)
        std::fill(out, out + sha256Bytes, 0);
}

QByteArray sha256(QByteArrayView data)
{
    QByteArray digest(sha256Bytes, Qt::Uninitialized);
    sha256(data, reinterpret_cast<unsigned char*>(digest.data()));
    return digest;
}

} // namespace gateway::tls
