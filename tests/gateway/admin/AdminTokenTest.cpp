// The admin token file: made 0600 from its first byte, reused, refused when others may read it.

#include "admin/AdminToken.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using gateway::admin::AdminToken;

namespace {

mode_t modeOf(const QString& path)
{
    struct stat st;
    EXPECT_EQ(stat(QFile::encodeName(path).constData(), &st), 0);
    return st.st_mode & 07777;
}

void writeFile(const QString& path, const QByteArray& text, mode_t mode)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL, mode);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, text.constData(), size_t(text.size())), text.size());
    ::close(fd);
    ASSERT_EQ(::chmod(QFile::encodeName(path).constData(), mode), 0); // whatever the umask
}

} // namespace

TEST(AdminToken, MadeWithMode0600AndReused)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("admin-token"));
    const gateway::Result<QByteArray> made = AdminToken::loadOrCreate(path);
    ASSERT_TRUE(made.ok()) << qPrintable(made.error());
    EXPECT_TRUE(made.value().startsWith("sb-admin-"));
    EXPECT_EQ(made.value().size(), 9 + 43); // 32 bytes of base64url, unpadded
    EXPECT_EQ(modeOf(path), mode_t(0600));
    // Nothing written aside is left behind.
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("admin-token")});

    const gateway::Result<QByteArray> again = AdminToken::loadOrCreate(path);
    ASSERT_TRUE(again.ok()) << qPrintable(again.error());
    EXPECT_EQ(again.value(), made.value());

    QTemporaryDir other;
    const gateway::Result<QByteArray> elsewhere =
        AdminToken::loadOrCreate(other.filePath(QStringLiteral("admin-token")));
    ASSERT_TRUE(elsewhere.ok());
    EXPECT_NE(elsewhere.value(), made.value());
}

TEST(AdminToken, ARestrictiveUmaskStillGivesTheOwnerAReadableFile)
{
    QTemporaryDir dir;
    const mode_t previous = umask(077);
    const gateway::Result<QByteArray> made =
        AdminToken::loadOrCreate(dir.filePath(QStringLiteral("admin-token")));
    umask(previous);
    ASSERT_TRUE(made.ok()) << qPrintable(made.error());
    EXPECT_EQ(modeOf(dir.filePath(QStringLiteral("admin-token"))), mode_t(0600));
}

TEST(AdminToken, AFileOthersCanReadIsRefused)
{
    QTemporaryDir dir;
    for (const mode_t mode : {mode_t(0644), mode_t(0640), mode_t(0604), mode_t(0660)}) {
        const QString path = dir.filePath(QStringLiteral("token-%1").arg(mode, 0, 8));
        writeFile(path, "sb-admin-0123456789abcdefghij\n", mode);
        const gateway::Result<QByteArray> token = AdminToken::loadOrCreate(path);
        ASSERT_FALSE(token.ok()) << std::oct << mode;
        EXPECT_TRUE(token.error().contains(QStringLiteral("chmod 600")))
            << qPrintable(token.error());
        EXPECT_TRUE(token.error().contains(QStringLiteral("0%1").arg(mode, 0, 8)))
            << qPrintable(token.error());
        // The token itself is never in the message.
        EXPECT_FALSE(token.error().contains(QStringLiteral("0123456789abcdefghij")));
    }
}

TEST(AdminToken, AFileOfOurOwnIsRead)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("admin-token"));
    writeFile(path, "my-own-admin-token-1234\r\n", 0600);
    const gateway::Result<QByteArray> token = AdminToken::loadOrCreate(path);
    ASSERT_TRUE(token.ok()) << qPrintable(token.error());
    EXPECT_EQ(token.value(), "my-own-admin-token-1234");

    for (const QByteArray& bad :
         {QByteArray(""), QByteArray("short\n"), QByteArray("two words of a token here\n"),
          QByteArray(600, 'x')}) {
        const QString badPath = dir.filePath(QStringLiteral("bad-%1").arg(bad.size()));
        writeFile(badPath, bad, 0600);
        EXPECT_FALSE(AdminToken::loadOrCreate(badPath).ok()) << bad.left(40).constData();
    }
}

TEST(AdminToken, AFolderInItsPlaceIsNoToken)
{
    QTemporaryDir dir;
    ASSERT_TRUE(QDir(dir.path()).mkdir(QStringLiteral("admin-token")));
    EXPECT_FALSE(AdminToken::loadOrCreate(dir.filePath(QStringLiteral("admin-token"))).ok());
}

TEST(AdminToken, MatchesOnlyTheSameToken)
{
    EXPECT_TRUE(AdminToken::matches("sb-admin-abc", "sb-admin-abc"));
    EXPECT_FALSE(AdminToken::matches("sb-admin-abd", "sb-admin-abc"));
    EXPECT_FALSE(AdminToken::matches("sb-admin-ab", "sb-admin-abc"));
    EXPECT_FALSE(AdminToken::matches("", "sb-admin-abc"));
    EXPECT_FALSE(AdminToken::matches("", "")); // no token: nothing matches
}

TEST(AdminToken, ReadsTheBearerCredential)
{
    EXPECT_EQ(AdminToken::bearer("Bearer abc"), "abc");
    EXPECT_EQ(AdminToken::bearer("bearer  abc "), "abc");
    EXPECT_EQ(AdminToken::bearer("BEARER abc"), "abc");
    EXPECT_EQ(AdminToken::bearer("Basic abc"), "");
    EXPECT_EQ(AdminToken::bearer("Bearer"), "");
    EXPECT_EQ(AdminToken::bearer("Bearerabc"), "");
    EXPECT_EQ(AdminToken::bearer(""), "");
}
