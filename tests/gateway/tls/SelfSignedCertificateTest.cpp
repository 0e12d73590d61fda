#include "tls/SelfSignedCertificate.h"
#include "tls/TlsContext.h"

#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/stat.h>

using gateway::tls::serverTlsContext;
using gateway::tls::writeSelfSignedCertificate;

TEST(SelfSignedCertificateTest, NamesEveryHostAndIsValidForTheDaysAsked)
{
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("c.pem"));
    const QString key = dir.filePath(QStringLiteral("k.pem"));
    const auto written = writeSelfSignedCertificate(
        cert, key,
        {QStringLiteral("gateway.test"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")}, 30);
    ASSERT_TRUE(written.ok()) << qPrintable(written.error());

    const QList<QSslCertificate> parsed = QSslCertificate::fromPath(cert);
    ASSERT_EQ(parsed.size(), 1);
    const QSslCertificate& c = parsed.first();
    EXPECT_TRUE(c.isSelfSigned());
    EXPECT_EQ(c.subjectInfo(QSslCertificate::CommonName).value(0), QStringLiteral("gateway.test"));
    const auto names = c.subjectAlternativeNames();
    EXPECT_TRUE(names.values(QSsl::DnsEntry).contains(QStringLiteral("gateway.test")));
    EXPECT_TRUE(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
    EXPECT_TRUE(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("0:0:0:0:0:0:0:1")) ||
                names.values(QSsl::IpAddressEntry).contains(QStringLiteral("::1")));
    const qint64 validDays = c.effectiveDate().daysTo(c.expiryDate());
    EXPECT_GE(validDays, 29);
    EXPECT_LE(validDays, 31);

    // The pair loads as a server context.
    EXPECT_TRUE(serverTlsContext(cert, key).ok());
}

TEST(SelfSignedCertificateTest, TheKeyIsReadableByItsOwnerOnly)
{
    QTemporaryDir dir;
    const QString key = dir.filePath(QStringLiteral("k.pem"));
    ASSERT_TRUE(writeSelfSignedCertificate(dir.filePath(QStringLiteral("c.pem")), key,
                                           {QStringLiteral("localhost")})
                    .ok());
    struct stat info
    {
    };
    ASSERT_EQ(::stat(QFile::encodeName(key).constData(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    QFile file(key);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QSslKey parsed(&file, QSsl::Ec);
    EXPECT_FALSE(parsed.isNull());
    EXPECT_EQ(parsed.type(), QSsl::PrivateKey);
}

TEST(SelfSignedCertificateTest, EachCallMakesANewKeyAndSerial)
{
    QTemporaryDir dir;
    auto make = [&](const QString& tag) {
        const QString cert = dir.filePath(tag + QStringLiteral(".crt"));
        EXPECT_TRUE(writeSelfSignedCertificate(cert, dir.filePath(tag + QStringLiteral(".key")),
                                               {QStringLiteral("localhost")})
                        .ok());
        return QSslCertificate::fromPath(cert).value(0);
    };
    const QSslCertificate a = make(QStringLiteral("a"));
    const QSslCertificate b = make(QStringLiteral("b"));
    EXPECT_NE(a.serialNumber(), b.serialNumber());
    EXPECT_NE(a.publicKey().toDer(), b.publicKey().toDer());
}

TEST(SelfSignedCertificateTest, FailsClearlyWhenTheFileCannotBeWritten)
{
    const auto written = writeSelfSignedCertificate(QStringLiteral("/nonexistent/dir/c.pem"),
                                                    QStringLiteral("/nonexistent/dir/k.pem"),
                                                    {QStringLiteral("localhost")});
    ASSERT_FALSE(written.ok());
    EXPECT_TRUE(written.error().contains(QLatin1String("cannot write \"/nonexistent/dir/k.pem\"")))
        << qPrintable(written.error());
    EXPECT_FALSE(writeSelfSignedCertificate(QStringLiteral("c"), QStringLiteral("k"), {}).ok());
}

TEST(ServerTlsContextTest, RefusesAPassphraseProtectedKeyInsteadOfPrompting)
{
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("c.pem"));
    const QString key = dir.filePath(QStringLiteral("k.pem"));
    ASSERT_TRUE(writeSelfSignedCertificate(cert, key, {QStringLiteral("localhost")}).ok());
    QFile plain(key);
    ASSERT_TRUE(plain.open(QIODevice::ReadOnly));
    const QSslKey parsed(&plain, QSsl::Ec);
    const QString encrypted = dir.filePath(QStringLiteral("encrypted.pem"));
    QFile out(encrypted);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(parsed.toPem("passphrase"));
    out.close();

    const auto context = serverTlsContext(cert, encrypted);
    ASSERT_FALSE(context.ok());
    EXPECT_TRUE(context.error().contains(QLatin1String("is not an unencrypted PEM private key")))
        << qPrintable(context.error());
}
