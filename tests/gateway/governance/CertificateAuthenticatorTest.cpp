// The client-certificate authenticator (governance/CertificateAuthenticator.h) on request heads
// whose peer carries a verified certificate: mappings by SHA-256 and by RFC 2253 subject, and
// what happens to certificates that map to nothing or to a key that cannot be used.

#include "governance/CertificateAuthenticator.h"
#include "config/Config.h"
#include "governance/KeySet.h"
#include "http/Request.h"
#include "state/SharedState.h"
#include "support/TestCertificates.h"

#include <QCryptographicHash>

#include <gtest/gtest.h>

using namespace gateway;
using namespace gateway::governance;
using Outcome = AuthResult::Outcome;

namespace {

constexpr qint64 nowMs = 1'796'126'400'000;

class CertificateAuthenticatorTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ca = testcerts::issue("Example", "Example Client CA", nullptr, true);
        bot = testcerts::issue("Example", "build-bot", &ca, false);
        other = testcerts::issue("Example", "someone-else", &ca, false);
        KeyRecord ci;
        ci.id = QStringLiteral("key_00000000000000c1");
        ci.name = QStringLiteral("ci");
        ci.tenant = QStringLiteral("platform");
        ci.models = {QStringLiteral("fast")};
        ci.limits.maxConcurrent = 4;
        ci.sha256 = QByteArray(32, 'c');
        KeyRecord revoked = ci;
        revoked.id = QStringLiteral("key_00000000000000d2");
        revoked.name = QStringLiteral("old-bot");
        revoked.sha256 = QByteArray(32, 'd');
        revoked.revokedMs = nowMs - 1;
        keys = KeySet({ci, revoked});
    }

    http::Request from(const testcerts::Issued* client)
    {
        http::Request head;
        head.peer.address = "127.0.0.1";
        if (client)
            head.peer.clientCertificateDer = client->der();
        return head;
    }

    config::ClientCertificateMapping bySubject(const char* subject, const char* key)
    {
        config::ClientCertificateMapping m;
        m.subject = QString::fromLatin1(subject);
        m.key = QString::fromLatin1(key);
        return m;
    }

    testcerts::Issued ca, bot, other;
    KeySet keys;
};

TEST_F(CertificateAuthenticatorTest, PrintsTheSubjectAsOpenSslDoesInRfc2253Form)
{
    EXPECT_EQ(certificateSubject(bot.der()), QStringLiteral("CN=build-bot,O=Example"));
    EXPECT_TRUE(certificateSubject(QByteArray("not DER")).isEmpty());
}

TEST_F(CertificateAuthenticatorTest, MapsAFingerprintToItsKey)
{
    config::ClientCertificateMapping mapping;
    mapping.sha256 = QCryptographicHash::hash(bot.der(), QCryptographicHash::Sha256);
    mapping.key = QStringLiteral("ci");
    const CertificateAuthenticator authenticator({mapping});
    const AuthResult result = authenticator.authenticate(from(&bot), keys, nowMs);
    ASSERT_EQ(result.outcome, Outcome::Accepted) << result.message.constData();
    const Principal& p = *result.principal;
    EXPECT_EQ(p.method, Principal::Method::Certificate);
    EXPECT_EQ(p.keyId, QStringLiteral("key_00000000000000c1"));
    EXPECT_EQ(p.keyName, QStringLiteral("ci"));
    EXPECT_EQ(p.tenant, QStringLiteral("platform"));
    EXPECT_EQ(p.models, QStringList{QStringLiteral("fast")});
    EXPECT_EQ(p.limits.maxConcurrent, 4);
    EXPECT_EQ(p.subject, QStringLiteral("CN=build-bot,O=Example"));
    // Another certificate of the same CA, unmapped.
    EXPECT_EQ(authenticator.authenticate(from(&other), keys, nowMs).outcome, Outcome::Absent);
}

TEST_F(CertificateAuthenticatorTest, MapsASubjectToItsKey)
{
    const CertificateAuthenticator authenticator({bySubject("CN=build-bot,O=Example", "ci")});
    const AuthResult result = authenticator.authenticate(from(&bot), keys, nowMs);
    ASSERT_EQ(result.outcome, Outcome::Accepted) << result.message.constData();
    EXPECT_EQ(result.principal->keyName, QStringLiteral("ci"));
    // The subject is compared whole: no prefix, no other order.
    EXPECT_EQ(CertificateAuthenticator({bySubject("CN=build-bot", "ci")})
                  .authenticate(from(&bot), keys, nowMs)
                  .outcome,
              Outcome::Absent);
    EXPECT_EQ(CertificateAuthenticator({bySubject("O=Example,CN=build-bot", "ci")})
                  .authenticate(from(&bot), keys, nowMs)
                  .outcome,
              Outcome::Absent);
}

TEST_F(CertificateAuthenticatorTest, NoCertificateIsAbsent)
{
    const CertificateAuthenticator authenticator({bySubject("CN=build-bot,O=Example", "ci")});
    EXPECT_EQ(authenticator.authenticate(from(nullptr), keys, nowMs).outcome, Outcome::Absent);
}

TEST_F(CertificateAuthenticatorTest, AMappingToAKeyThatCannotBeUsedIsRefused)
{
    for (const char* key : {"old-bot", "no-such-key"}) {
        const CertificateAuthenticator authenticator({bySubject("CN=build-bot,O=Example", key)});
        const AuthResult result = authenticator.authenticate(from(&bot), keys, nowMs);
        EXPECT_EQ(result.outcome, Outcome::Refused) << key;
        EXPECT_TRUE(result.message.startsWith(
            "the client certificate (CN=build-bot,O=Example) is mapped to a key that cannot be "
            "used: the credential stands for key \""))
            << result.message.constData();
    }
}

TEST(MakeCertificateAuthenticator, IsNullWithoutMappings)
{
    config::Config config;
    state::SharedState shared;
    EXPECT_EQ(makeCertificateAuthenticator(config, shared), nullptr);
    config.auth.clientCertificates.append({QByteArray(32, 'a'), QString(), QStringLiteral("ci")});
    EXPECT_NE(makeCertificateAuthenticator(config, shared), nullptr);
}

} // namespace
