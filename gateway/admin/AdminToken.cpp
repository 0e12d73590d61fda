#include "admin/AdminToken.h"

#include <QCryptographicHash>
#include <QFile>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gateway::admin {

namespace {

constexpr qsizetype minTokenLength = 16;
constexpr qsizetype maxTokenLength = 512;

QString errnoText()
{
    return QString::fromLocal8Bit(strerror(errno));
}

// Closes a descriptor on every return path.
struct Fd
{
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

Result<QByteArray> readToken(const QString& path, int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return Result<QByteArray>::failure(QStringLiteral("%1: %2").arg(path, errnoText()));
    if (!S_ISREG(st.st_mode))
        return Result<QByteArray>::failure(QStringLiteral("%1 is not a file").arg(path));
    // ssh's rule for private keys: a token others could read is no secret any more; refuse it
    // rather than serve an API that anyone on the machine may call.
    if (st.st_uid != geteuid() || (st.st_mode & 077) != 0)
        return Result<QByteArray>::failure(
            QStringLiteral("%1 holds the admin token but is accessible by others (mode %2, "
                           "owner uid %3); it must be owned by uid %4 with mode 0600: run "
                           "`chmod 600 %1`, or delete it to have a new token made")
                .arg(path)
                .arg(QString::number(st.st_mode & 0777, 8).rightJustified(4, QLatin1Char('0')))
                .arg(st.st_uid)
                .arg(geteuid()));
    QByteArray text(maxTokenLength + 3, Qt::Uninitialized);
    qsizetype used = 0;
    for (;;) {
        const ssize_t n = ::read(fd, text.data() + used, size_t(text.size() - used));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return Result<QByteArray>::failure(QStringLiteral("%1: %2").arg(path, errnoText()));
        if (n == 0)
            break;
        used += n;
        if (used == text.size())
            break;
    }
    text.truncate(used);
    while (text.endsWith('\n') || text.endsWith('\r'))
        text.chop(1);
    bool visible = true;
    for (char c : text)
        visible = visible && c > ' ' && c < 0x7f;
    if (!visible || text.size() < minTokenLength || text.size() > maxTokenLength)
        return Result<QByteArray>::failure(
            QStringLiteral("%1 must hold one admin token: %2 to %3 visible ASCII characters on "
                           "one line (delete it to have a new token made)")
                .arg(path)
                .arg(minTokenLength)
                .arg(maxTokenLength));
    return text;
}

bool writeAll(int fd, const QByteArray& data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), count) != 1)
        return QByteArray();
    return bytes;
}

// Writes a new token beside `path` and links it into place: link() never replaces an existing
// file, so of two processes creating the token at once, one wins and the other reads its token.
Result<QByteArray> create(const QString& path)
{
    const QByteArray random = randomBytes(32);
    const QByteArray suffix = randomBytes(8).toHex();
    if (random.isEmpty() || suffix.isEmpty())
        return Result<QByteArray>::failure(
            QStringLiteral("the system's random number generator failed (OpenSSL RAND_bytes)"));
    const QByteArray token = "sb-admin-" + random.toBase64(QByteArray::Base64UrlEncoding |
                                                           QByteArray::OmitTrailingEquals);
    const QByteArray finalName = QFile::encodeName(path);
    const QByteArray aside = finalName + ".new-" + suffix;
    Fd out;
    out.fd = ::open(aside.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out.fd < 0)
        return Result<QByteArray>::failure(
            QStringLiteral("cannot create the admin token file %1: %2").arg(path, errnoText()));
    const bool written = writeAll(out.fd, token + '\n') && fsync(out.fd) == 0;
    const int writeErrno = errno;
    if (!written) {
        ::unlink(aside.constData());
        errno = writeErrno;
        return Result<QByteArray>::failure(
            QStringLiteral("cannot write the admin token file %1: %2").arg(path, errnoText()));
    }
    const int linked = ::link(aside.constData(), finalName.constData());
    const int linkErrno = errno;
    ::unlink(aside.constData());
    if (linked != 0 && linkErrno != EEXIST) {
        errno = linkErrno;
        return Result<QByteArray>::failure(
            QStringLiteral("cannot create the admin token file %1: %2").arg(path, errnoText()));
    }
    if (linked != 0)
        return AdminToken::loadOrCreate(path); // another process made it first
    return token;
}

} // namespace

Result<QByteArray> AdminToken::loadOrCreate(const QString& path)
{
    Fd in;
    in.fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (in.fd >= 0)
        return readToken(path, in.fd);
    if (errno != ENOENT)
        return Result<QByteArray>::failure(
            QStringLiteral("cannot read the admin token file %1: %2").arg(path, errnoText()));
    return create(path);
}

bool AdminToken::matches(QByteArrayView presented, QByteArrayView token)
{
    if (token.isEmpty())
        return false;
    const QByteArray a = QCryptographicHash::hash(presented, QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    return CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

QByteArray AdminToken::bearer(QByteArrayView authorization)
{
    const QByteArrayView value = authorization.trimmed();
    if (value.size() < 7 || value.at(6) != ' ' ||
        value.first(6).compare("bearer", Qt::CaseInsensitive) != 0)
        return QByteArray();
    return value.sliced(7).trimmed().toByteArray();
}

} // namespace gateway::admin
