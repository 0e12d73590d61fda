// A second console start (issue 10, "The shell"): it finds the running one, which comes forward
// and tells where its gateway serves; other data directories run side by side; a socket left by
// a console that crashed is taken over.

#include "SingleInstance.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <future>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

struct Claimed
{
    ui::SingleInstance::Role role;
    QString address;
    bool answered;
};

// A later start, as another process makes it: on a thread of its own, because its wait for the
// answer blocks, while this thread's event loop lets the running console answer.
Claimed claimFromAnotherThread(const QString& dataDir)
{
    auto later = std::async(std::launch::async, [dataDir] {
        ui::SingleInstance instance(dataDir);
        const ui::SingleInstance::Role role = instance.claim();
        return Claimed{role, instance.runningAddress(), instance.answered()};
    });
    // Until it is done (claim() waits 3 s at most, twice), answering meanwhile.
    (void)QTest::qWaitFor(
        [&later] { return later.wait_for(std::chrono::seconds(0)) == std::future_status::ready; },
        10'000);
    return later.get();
}

// What a console that crashed leaves behind: a socket file that no one listens on.
bool leaveStaleSocket(const QString& path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    const QByteArray name = QFile::encodeName(path);
    if (fd < 0 || size_t(name.size()) >= sizeof(address.sun_path))
        return false;
    memcpy(address.sun_path, name.constData(), size_t(name.size()));
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    ::close(fd);
    return bound && QFile::exists(path);
}

} // namespace

class SingleInstanceTest : public QObject
{
    Q_OBJECT
private slots:
    void aSecondStartFindsTheFirstWhichComesForward()
    {
        QTemporaryDir data;
        ui::SingleInstance first(data.path());
        QCOMPARE(first.claim(), ui::SingleInstance::Role::Primary);
        first.setAddressProvider([] { return QStringLiteral("127.0.0.1:4000"); });
        QSignalSpy activated(&first, &ui::SingleInstance::activationRequested);

        const Claimed second = claimFromAnotherThread(data.path());
        QCOMPARE(second.role, ui::SingleInstance::Role::Secondary);
        QVERIFY(second.answered);
        QCOMPARE(second.address, QStringLiteral("127.0.0.1:4000"));
        QTRY_COMPARE(activated.count(), 1);
    }

    void aStoppedGatewayHasNoAddress()
    {
        QTemporaryDir data;
        ui::SingleInstance first(data.path());
        QCOMPARE(first.claim(), ui::SingleInstance::Role::Primary);
        first.setAddressProvider([] { return QString(); });
        const Claimed second = claimFromAnotherThread(data.path());
        QCOMPARE(second.role, ui::SingleInstance::Role::Secondary);
        QVERIFY(second.answered);
        QVERIFY(second.address.isEmpty());
    }

    void twoDataDirectoriesRunSideBySide()
    {
        QTemporaryDir one, two;
        QVERIFY(ui::SingleInstance::serverName(one.path()) !=
                ui::SingleInstance::serverName(two.path()));
        ui::SingleInstance first(one.path());
        QCOMPARE(first.claim(), ui::SingleInstance::Role::Primary);
        ui::SingleInstance second(two.path());
        QCOMPARE(second.claim(), ui::SingleInstance::Role::Primary);
    }

    void twoSpellingsOfOneDirectoryAreOneConsole()
    {
        QTemporaryDir data;
        const QString link = data.path() + QStringLiteral("/link");
        QVERIFY(QFile::link(data.path(), link));
        QCOMPARE(ui::SingleInstance::serverName(link), ui::SingleInstance::serverName(data.path()));
        QCOMPARE(ui::SingleInstance::serverName(data.path() + QStringLiteral("/")),
                 ui::SingleInstance::serverName(data.path()));
    }

    void aSocketLeftByACrashedConsoleIsTakenOver()
    {
        QTemporaryDir data;
        const QString name = ui::SingleInstance::serverName(data.path());
        QVERIFY2(QDir::isAbsolutePath(name), qPrintable(name)); // in the runtime directory
        QVERIFY(leaveStaleSocket(name));

        ui::SingleInstance first(data.path());
        QCOMPARE(first.claim(), ui::SingleInstance::Role::Primary);
        first.setAddressProvider([] { return QStringLiteral("127.0.0.1:4001"); });
        const Claimed second = claimFromAnotherThread(data.path());
        QCOMPARE(second.role, ui::SingleInstance::Role::Secondary);
        QCOMPARE(second.address, QStringLiteral("127.0.0.1:4001"));
    }

    void theSocketGoesWithTheConsole()
    {
        QTemporaryDir data;
        {
            ui::SingleInstance first(data.path());
            QCOMPARE(first.claim(), ui::SingleInstance::Role::Primary);
        }
        ui::SingleInstance next(data.path());
        QCOMPARE(next.claim(), ui::SingleInstance::Role::Primary);
    }
};

QTEST_MAIN(SingleInstanceTest)
#include "SingleInstanceTest.moc"
