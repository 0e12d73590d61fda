#include "config/Keychain.h"

#include <QAbstractEventDispatcher>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace gateway::config {

namespace {

// An unlock prompt waits for a person; beyond this the keychain is taken as not answering.
constexpr int answerTimeoutMs = 120'000;

QString describe(const QKeychain::Job& job)
{
    switch (job.error()) {
    case QKeychain::AccessDeniedByUser:
        return QStringLiteral("access to the keychain was denied by the user");
    case QKeychain::AccessDenied:
        return QStringLiteral("access to the keychain was denied: %1").arg(job.errorString());
    default:
        // Most often: no Secret Service on this machine (a server, a container, SSH without a
        // desktop session), which QtKeychain reports as a D-Bus connection error.
        return QStringLiteral("the system keychain is not reachable (%1); where there is no "
                              "desktop session, use an env:NAME reference instead")
            .arg(job.errorString());
    }
}

// Runs a job to its end on this thread. Returns an error text, or an empty string. A job that
// does not finish in time is handed over to itself (auto-delete): the keychain may still answer
// it later, and it must exist then.
QString run(std::unique_ptr<QKeychain::Job>& job)
{
    QAbstractEventDispatcher* dispatcher = QAbstractEventDispatcher::instance();
    if (!dispatcher || !dispatcher->inherits("QEventDispatcherGlib"))
        return QStringLiteral("the keychain cannot be reached from this thread (it needs a GLib "
                              "event loop, and this thread runs another dispatcher)");
    job->setAutoDelete(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(job.get(), &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(answerTimeoutMs, &loop, &QEventLoop::quit);
    job->start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (finished)
        return QString();
    QObject::disconnect(job.get(), nullptr, &loop, nullptr);
    job.release()->setAutoDelete(true);
    return QStringLiteral("the keychain did not answer within %1 s").arg(answerTimeoutMs / 1000);
}

QString invalidName(const QString& name)
{
    return QStringLiteral("\"%1\" is not a valid keychain entry name (1-128 letters, digits, "
                          "'.', '_' or '-')")
        .arg(name.left(140));
}

} // namespace

bool Keychain::isValidName(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"));
    return valid.match(name).hasMatch();
}

Result<std::optional<QByteArray>> Keychain::find(const QString& name)
{
    using R = Result<std::optional<QByteArray>>;
    if (!isValidName(name))
        return R::failure(invalidName(name));
    auto* read = new QKeychain::ReadPasswordJob(QLatin1String(serviceName()));
    std::unique_ptr<QKeychain::Job> job(read);
    read->setKey(name);
    if (const QString error = run(job); !error.isEmpty())
        return R::failure(error);
    if (job->error() == QKeychain::EntryNotFound)
        return std::optional<QByteArray>();
    if (job->error() != QKeychain::NoError)
        return R::failure(describe(*job));
    return std::optional<QByteArray>(read->binaryData());
}

Result<QByteArray> Keychain::read(const QString& name)
{
    Result<std::optional<QByteArray>> found = find(name);
    if (!found)
        return Result<QByteArray>::failure(found.error());
    if (!found.value())
        return Result<QByteArray>::failure(
            QStringLiteral("the keychain has no entry \"%1\" (service \"%2\")")
                .arg(name, QLatin1String(serviceName())));
    return *found.value();
}

Result<bool> Keychain::write(const QString& name, const QByteArray& secret)
{
    if (!isValidName(name))
        return Result<bool>::failure(invalidName(name));
    if (secret.isEmpty())
        return Result<bool>::failure(QStringLiteral("an empty secret is not stored"));
    auto* write = new QKeychain::WritePasswordJob(QLatin1String(serviceName()));
    std::unique_ptr<QKeychain::Job> job(write);
    write->setKey(name);
    write->setBinaryData(secret);
    if (const QString error = run(job); !error.isEmpty())
        return Result<bool>::failure(error);
    if (job->error() != QKeychain::NoError)
        return Result<bool>::failure(describe(*job));
    return true;
}

Result<bool> Keychain::remove(const QString& name)
{
    if (!isValidName(name))
        return Result<bool>::failure(invalidName(name));
    auto* remove = new QKeychain::DeletePasswordJob(QLatin1String(serviceName()));
    std::unique_ptr<QKeychain::Job> job(remove);
    remove->setKey(name);
    if (const QString error = run(job); !error.isEmpty())
        return Result<bool>::failure(error);
    if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound)
        return Result<bool>::failure(describe(*job));
    return true;
}

} // namespace gateway::config
