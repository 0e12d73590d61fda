#include "governance/KeySet.h"
#include "governance/KeyAuthenticator.h"
#include "governance/SqliteKeyStore.h"
#include "http/Request.h"

#include <gtest/gtest.h>

using namespace gateway;
using namespace gateway::governance;

namespace {

KeyRecord key(const QString& name, const QByteArray& secret)
{
    KeyRecord k;
    k.id = QStringLiteral("key_") + name;
    k.name = name;
    k.tenant = QStringLiteral("team-a");
    k.sha256 = SqliteKeyStore::sha256(secret);
    k.models = {QStringLiteral("gpt-*")};
    k.limits.rpm = 60;
    return k;
}

http::Request head(std::vector<std::pair<QByteArray, QByteArray>> headers)
{
    http::Request r;
    r.method = "POST";
    r.path = "/v1/chat/completions";
    r.headers = std::move(headers);
    return r;
}

const QByteArray secretA = "sk-sb-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const QByteArray secretB = "sk-sb-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

} // namespace

TEST(KeySet, FindsAKeyByTheHashOfItsSecretAndByName)
{
    const KeySet set({key(QStringLiteral("a"), secretA), key(QStringLiteral("b"), secretB)});
    const KeyRecord* b = set.bySecretHash(SqliteKeyStore::sha256(secretB));
    ASSERT_TRUE(b);
    EXPECT_EQ(b->name, QStringLiteral("b"));
    EXPECT_EQ(set.byName(QStringLiteral("a"))->sha256, SqliteKeyStore::sha256(secretA));
    EXPECT_FALSE(set.bySecretHash(SqliteKeyStore::sha256("sk-sb-other")));
    EXPECT_FALSE(set.bySecretHash(QByteArray(31, 'x'))); // not a SHA-256
    EXPECT_FALSE(set.byName(QStringLiteral("c")));
}

TEST(KeySet, SharesOnePrincipalPerKey)
{
    const KeySet set({key(QStringLiteral("a"), secretA)});
    const KeyRecord& a = set.all().front();
    const std::shared_ptr<const Principal>& principal = set.principalOf(a);
    ASSERT_TRUE(principal);
    EXPECT_EQ(principal.get(), set.principalOf(a).get());
    EXPECT_EQ(principal->keyId, QStringLiteral("key_a"));
    EXPECT_EQ(principal->keyName, QStringLiteral("a"));
    EXPECT_EQ(principal->tenant, QStringLiteral("team-a"));
    EXPECT_EQ(principal->limits.rpm, 60);
    EXPECT_TRUE(principal->mayUse(QStringLiteral("gpt-4o")));
    EXPECT_FALSE(principal->mayUse(QStringLiteral("claude-3")));
    const KeyRecord elsewhere = a;
    EXPECT_FALSE(set.principalOf(elsewhere)); // not a record of this set
}

TEST(PresentedCredential, TakesBearerThenApiKeyThenXApiKey)
{
    EXPECT_EQ(presentedCredential(head({{"authorization", "Bearer sk-1"}})), "sk-1");
    EXPECT_EQ(presentedCredential(head({{"authorization", "bEaReR   sk-1 "}})), "sk-1");
    EXPECT_EQ(presentedCredential(head({{"api-key", "sk-2"}, {"x-api-key", "sk-3"}})), "sk-2");
    EXPECT_EQ(presentedCredential(head({{"x-api-key", "sk-3"}})), "sk-3");
    EXPECT_EQ(
        presentedCredential(head({{"authorization", "Basic dXNlcjpwdw=="}, {"x-api-key", "sk-3"}})),
        "sk-3");
    EXPECT_EQ(presentedCredential(head({{"authorization", "Bearer sk-1"}, {"x-api-key", "sk-3"}})),
              "sk-1");
    EXPECT_TRUE(presentedCredential(head({})).isEmpty());
    EXPECT_TRUE(presentedCredential(head({{"authorization", "Bearer "}})).isEmpty());
}

TEST(KeyAuthenticator, AcceptsAKeyAndSaysWhyItRefusesOthers)
{
    KeyRecord revoked = key(QStringLiteral("revoked"), "sk-sb-revoked-secret-000000000000000");
    revoked.revokedMs = 500;
    KeyRecord expiring = key(QStringLiteral("expiring"), "sk-sb-expiring-secret-00000000000000");
    expiring.expiresMs = 1'798'761'600'000; // 2027-01-01T00:00:00Z
    const KeySet set({key(QStringLiteral("a"), secretA), revoked, expiring});
    const KeyAuthenticator auth;
    using O = AuthResult::Outcome;

    AuthResult ok = auth.authenticate(head({{"authorization", "Bearer " + secretA}}), set, 1000);
    ASSERT_EQ(ok.outcome, O::Accepted);
    EXPECT_EQ(ok.principal.get(), set.principalOf(*set.byName(QStringLiteral("a"))).get());

    EXPECT_EQ(auth.authenticate(head({}), set, 1000).outcome, O::Absent);
    // A JWT is the JWT authenticator's.
    EXPECT_EQ(
        auth.authenticate(head({{"authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0."
                                                  "c2lnbmF0dXJl"}}),
                          set, 1000)
            .outcome,
        O::Absent);

    const QByteArray wrong = "sk-sb-Zq9wrongwrongwrongwrongwrongwrongwrong";
    AuthResult unknown = auth.authenticate(head({{"x-api-key", wrong}}), set, 1000);
    EXPECT_EQ(unknown.outcome, O::Refused);
    EXPECT_EQ(unknown.message, "Invalid API key provided: sk-sb-Zq****.");
    EXPECT_FALSE(unknown.message.contains(wrong.mid(8)));
    // A short credential is not echoed at all.
    EXPECT_EQ(auth.authenticate(head({{"x-api-key", "hunter2"}}), set, 1000).message,
              "Invalid API key.");

    AuthResult r =
        auth.authenticate(head({{"api-key", "sk-sb-revoked-secret-000000000000000"}}), set, 1000);
    EXPECT_EQ(r.outcome, O::Refused);
    EXPECT_EQ(r.message, "This key was revoked.");

    const http::Request expiringHead =
        head({{"authorization", "Bearer sk-sb-expiring-secret-00000000000000"}});
    EXPECT_EQ(auth.authenticate(expiringHead, set, expiring.expiresMs - 1).outcome, O::Accepted);
    r = auth.authenticate(expiringHead, set, expiring.expiresMs);
    EXPECT_EQ(r.outcome, O::Refused);
    EXPECT_EQ(r.message, "This key expired at 2027-01-01T00:00:00Z.");
}

TEST(KeyAuthenticator, LeavesJwtsToTheirAuthenticatorButTakesEveryGatewayKey)
{
    const KeySet set;
    const KeyAuthenticator auth;
    using O = AuthResult::Outcome;
    EXPECT_EQ(auth.authenticate(
                      head({{"authorization", "Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"}}),
                      set, 0)
                  .outcome,
              O::Absent);
    // Shaped like a JWT, but with the gateway's prefix: a (wrong) key, refused as one.
    EXPECT_EQ(
        auth.authenticate(head({{"authorization", "Bearer sk-sb-abc.def.ghi"}}), set, 0).outcome,
        O::Refused);
    EXPECT_EQ(
        auth.authenticate(head({{"authorization", "Bearer eyJhbGciOiJFUzI1NiJ9.eyJz"}}), set, 0)
            .outcome,
        O::Refused);
}
