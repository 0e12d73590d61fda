// The console (`switchboard` without a command) as its own process, on the offscreen platform
// (issue 10): one SIGTERM ends it with 0 and frees the gateway's port, and a second start with
// the same data directory says where the first one serves and exits with 0 instead of failing
// on the taken port.

#include <QDeadlineTimer>
#include <QDir>
#include <QHostAddress>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>

namespace {

// A port that was free a moment ago (the console is told it with --listen: it does not say
// which port it took when given 0).
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool portAccepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(500);
}

bool portIsFree(quint16 port)
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, port);
}

// The user's directories, all in one temporary directory: the console's settings, the runtime
// directory of its single-instance socket.
class ConsoleEnvironment
{
public:
    ConsoleEnvironment()
    {
        for (const char* dir : {"config", "data", "cache", "runtime"})
            QDir(m_home.path()).mkpath(QString::fromLatin1(dir));
        QFile::setPermissions(path("runtime"),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        m_environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), path("config"));
        m_environment.insert(QStringLiteral("XDG_DATA_HOME"), path("data"));
        m_environment.insert(QStringLiteral("XDG_CACHE_HOME"), path("cache"));
        m_environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), path("runtime"));
    }

    QString path(const char* name) const { return m_home.filePath(QString::fromLatin1(name)); }
    const QProcessEnvironment& environment() const { return m_environment; }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
};

// `switchboard --data-dir DIR --listen 127.0.0.1:PORT`; stopped with SIGKILL if a test leaves
// it running.
class ConsoleProcess
{
public:
    ConsoleProcess(const ConsoleEnvironment& environment, const QString& dataDir, quint16 port)
    {
        process.setProcessEnvironment(environment.environment());
        process.start(QStringLiteral(SWITCHBOARD_BINARY),
                      {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1:%1").arg(port)});
    }
    ~ConsoleProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    ConsoleProcess(const ConsoleProcess&) = delete;
    ConsoleProcess& operator=(const ConsoleProcess&) = delete;

    // True once the gateway accepts connections on port (at most 20 s).
    bool waitServing(quint16 port)
    {
        const QDeadlineTimer deadline(20'000);
        process.waitForStarted(20'000);
        while (!deadline.hasExpired() && process.state() == QProcess::Running) {
            if (portAccepts(port))
                return true;
            process.waitForFinished(50); // a console that exits at start ends the wait early
        }
        return false;
    }

    void terminate() { ::kill(pid_t(process.processId()), SIGTERM); }

    QProcess process;
};

} // namespace

TEST(ConsoleProcessTest, OneSigtermEndsTheConsoleWithZeroAndFreesItsPort)
{
    ConsoleEnvironment environment;
    const quint16 port = freePort();
    ASSERT_NE(port, 0);
    ConsoleProcess console(environment, environment.path("data/switchboard"), port);
    ASSERT_TRUE(console.waitServing(port)) << console.process.readAllStandardError().constData();

    console.terminate();
    ASSERT_TRUE(console.process.waitForFinished(20'000));
    EXPECT_EQ(console.process.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(console.process.exitCode(), 0) << console.process.readAllStandardError().constData();
    EXPECT_TRUE(portIsFree(port));
}

TEST(ConsoleProcessTest, ASecondStartSaysWhereTheFirstServesAndExitsWithZero)
{
    ConsoleEnvironment environment;
    const QString dataDir = environment.path("data/switchboard");
    const quint16 port = freePort();
    ASSERT_NE(port, 0);
    ConsoleProcess first(environment, dataDir, port);
    ASSERT_TRUE(first.waitServing(port)) << first.process.readAllStandardError().constData();

    // Another --listen, so that only the single-instance check keeps it from starting a gateway.
    ConsoleProcess second(environment, dataDir, freePort());
    ASSERT_TRUE(second.process.waitForFinished(20'000));
    EXPECT_EQ(second.process.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(second.process.exitCode(), 0);
    EXPECT_EQ(second.process.readAllStandardError().trimmed(),
              QStringLiteral("Switchboard is already running on 127.0.0.1:%1").arg(port).toUtf8());
    EXPECT_EQ(first.process.state(), QProcess::Running);

    first.terminate();
    ASSERT_TRUE(first.process.waitForFinished(20'000));
    EXPECT_EQ(first.process.exitCode(), 0);
}

TEST(ConsoleProcessTest, AnotherDataDirectoryRunsItsOwnConsole)
{
    ConsoleEnvironment environment;
    const quint16 firstPort = freePort();
    ConsoleProcess first(environment, environment.path("data/one"), firstPort);
    ASSERT_TRUE(first.waitServing(firstPort)) << first.process.readAllStandardError().constData();
    const quint16 secondPort = freePort();
    ConsoleProcess second(environment, environment.path("data/two"), secondPort);
    ASSERT_TRUE(second.waitServing(secondPort))
        << second.process.readAllStandardError().constData();
    for (ConsoleProcess* console : {&first, &second}) {
        console->terminate();
        ASSERT_TRUE(console->process.waitForFinished(20'000));
        EXPECT_EQ(console->process.exitCode(), 0);
    }
}
