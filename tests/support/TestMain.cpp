#include <QCoreApplication>

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    // As in `switchboard serve`: threads without a dispatcher of their own get Qt's UNIX one.
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
