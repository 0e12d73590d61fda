#include <QCoreApplication>

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    // The engine's threads use Qt's UNIX dispatcher, as in `switchboard serve`.
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
