#include "models/LogExporter.h"
#include "models/LogRow.h"

#include <QtTest>

class LogExporterTest : public QObject
{
    Q_OBJECT
private slots:
    void csvQuotesWhatRfc4180Requires()
    {
        ui::LogRow row;
        row.id = 7;
        row.model = QStringLiteral("gpt, \"mini\"");
        row.backend = QStringLiteral("line\nbreak");
        const QByteArray line = ui::LogExporter::csvLine(row);
        QVERIFY2(line.contains(",\"gpt, \"\"mini\"\"\","), line.constData());
        QVERIFY2(line.contains(",\"line\nbreak\","), line.constData());
    }

    void csvDefusesSpreadsheetFormulasInClientText()
    {
        // The model a client asked for is logged as sent, even when no alias has that name.
        ui::LogRow row;
        row.id = 8;
        row.status = 404;
        row.latencyMs = -1; // numbers are never prefixed
        for (const char* attack : {"=HYPERLINK(\"http://evil.test\",\"x\")", "+1+1", "-2+3",
                                   "@SUM(A1:A2)", "\tcmd", "\r=1"}) {
            row.model = QString::fromUtf8(attack);
            const QByteArray line = ui::LogExporter::csvLine(row);
            QByteArray quoted = attack;
            quoted.replace("\"", "\"\"");
            QVERIFY2(line.contains(",\"'" + quoted + "\","), line.constData());
        }
        row.model = QStringLiteral("gpt-4o-mini"); // a dash inside is fine
        QVERIFY(ui::LogExporter::csvLine(row).contains(",gpt-4o-mini,"));
        QVERIFY(ui::LogExporter::csvLine(row).contains(",404,"));
    }
};

QTEST_MAIN(LogExporterTest)
#include "LogExporterTest.moc"
