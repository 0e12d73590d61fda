// `switchboard serve` hands over to switchboard-gateway (app/GatewayExec.h, issue 9: idle RSS):
// the process it leaves running is the headless image, with none of the console's libraries
// mapped; without a switchboard-gateway beside it, it serves in-process and says nothing about
// it; and switchboard-gateway alone points to the console without running anything.

#include "support/ServeProcess.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace {

QString executableOf(qint64 pid)
{
    return QFileInfo(QStringLiteral("/proc/%1/exe").arg(pid)).symLinkTarget();
}

QByteArray mapsOf(qint64 pid)
{
    QFile maps(QStringLiteral("/proc/%1/maps").arg(pid));
    return maps.open(QIODevice::ReadOnly) ? maps.readAll() : QByteArray();
}

QStringList serveArguments(const QTemporaryDir& dir)
{
    return {"--listen", "127.0.0.1:0", "--data-dir", dir.filePath(QStringLiteral("data"))};
}

} // namespace

TEST(GatewayExecTest, SwitchboardServeRunsAsSwitchboardGatewayWithoutTheConsoleLibraries)
{
    QTemporaryDir dir;
    ServeProcess serve(serveArguments(dir));
    ASSERT_NE(serve.port, 0) << serve.out.constData()
                             << serve.process.readAllStandardError().constData();

    // The process QProcess started, under the same PID, is now the other executable.
    const qint64 pid = serve.process.processId();
    EXPECT_EQ(executableOf(pid),
              QFileInfo(QStringLiteral(SWITCHBOARD_GATEWAY_BINARY)).canonicalFilePath());
    const QByteArray maps = mapsOf(pid);
    ASSERT_TRUE(maps.contains("libQt6Core")) << "cannot read the process's maps";
    for (const char* library :
         {"libQt6Gui", "libQt6Widgets", "libQt6Charts", "libQt6OpenGL", "libX11"})
        EXPECT_FALSE(maps.contains(library)) << library;
    EXPECT_TRUE(maps.contains("libmimalloc")) << "the allocator must be the same as the console's";
}

TEST(GatewayExecTest, WithoutSwitchboardGatewayBesideItServeRunsInProcessAndSaysNothing)
{
    // switchboard alone in a directory: a hard link, in the build tree so that it is on the
    // same file system (a symbolic link would lead /proc/self/exe back to build/app).
    QTemporaryDir alone(QCoreApplication::applicationDirPath() + QStringLiteral("/alone-XXXXXX"));
    ASSERT_TRUE(alone.isValid());
    const QString lonely = alone.filePath(QStringLiteral("switchboard"));
    ASSERT_EQ(::link(SWITCHBOARD_BINARY, qPrintable(lonely)), 0) << strerror(errno);

    QTemporaryDir dir;
    ServeProcess serve(serveArguments(dir), lonely);
    ASSERT_NE(serve.port, 0) << serve.out.constData()
                             << serve.process.readAllStandardError().constData();
    EXPECT_EQ(executableOf(serve.process.processId()), lonely);
    EXPECT_TRUE(mapsOf(serve.process.processId()).contains("libQt6Widgets"));
    // Stopped first, so that all it wrote to stderr has been read.
    serve.process.terminate();
    ASSERT_TRUE(serve.process.waitForFinished(10'000));
    EXPECT_EQ(serve.process.exitCode(), 0);
    EXPECT_EQ(serve.process.readAllStandardError(), QByteArray());
}

TEST(GatewayExecTest, SwitchboardGatewayWithoutACommandSaysWhereTheConsoleIsAndExitsWith2)
{
    for (const QStringList& arguments :
         {QStringList{}, QStringList{"--listen", "127.0.0.1:0"}, QStringList{"--page", "logs"}}) {
        SCOPED_TRACE(qPrintable(arguments.join(' ')));
        QProcess gateway;
        gateway.start(QStringLiteral(SWITCHBOARD_GATEWAY_BINARY), arguments);
        ASSERT_TRUE(gateway.waitForFinished(10'000));
        EXPECT_EQ(gateway.exitStatus(), QProcess::NormalExit);
        EXPECT_EQ(gateway.exitCode(), 2);
        EXPECT_EQ(gateway.readAllStandardOutput(), QByteArray());
        EXPECT_TRUE(gateway.readAllStandardError().contains(
            "switchboard-gateway: the console is the `switchboard` executable"));
    }
}
