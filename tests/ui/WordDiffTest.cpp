// The word diff of the Replay page: tokens, the LCS, and texts rebuilt from the segments.
#include "models/WordDiff.h"

#include <QtTest>

using ui::WordDiff;
using Op = WordDiff::Op;

namespace {

QStringList texts(const QList<WordDiff::Token>& tokens)
{
    QStringList out;
    for (const WordDiff::Token& t : tokens)
        out << t.text;
    return out;
}

// "=the -cat +dog = sat": each segment as op and text, for compact comparisons.
QString script(const WordDiff::Result& r)
{
    QStringList out;
    for (const WordDiff::Segment& s : r.segments) {
        const char op = s.op == Op::Equal ? '=' : s.op == Op::Insert ? '+' : '-';
        out << QLatin1Char(op) + s.text;
    }
    return out.join(QLatin1Char('|'));
}

QString rebuilt(const WordDiff::Result& r, Op skipped)
{
    QString out;
    for (const WordDiff::Segment& s : r.segments)
        if (s.op != skipped)
            out += s.text;
    return out;
}

} // namespace

class WordDiffTest : public QObject
{
    Q_OBJECT
private slots:
    void tokensAreWordsAndSinglePunctuation()
    {
        QCOMPARE(texts(WordDiff::tokenize(QStringLiteral("Hello, world! It's 42_x (ok)."))),
                 QStringList({"Hello", ",", "world", "!", "It's", "42_x", "(", "ok", ")", "."}));
        // A quote that does not sit between two letters is punctuation.
        QCOMPARE(texts(WordDiff::tokenize(QStringLiteral("'quoted' don’t"))),
                 QStringList({"'", "quoted", "'", "don’t"}));
        // Chinese has no spaces: one token per character. Surrogate pairs stay whole.
        QCOMPARE(texts(WordDiff::tokenize(QStringLiteral("网关很快"))),
                 QStringList({"网", "关", "很", "快"}));
        QCOMPARE(texts(WordDiff::tokenize(QStringLiteral("ok 👍🏽!"))),
                 QStringList({"ok", QStringLiteral("👍"), QStringLiteral("🏽"), "!"}));
        const QList<WordDiff::Token> spaced = WordDiff::tokenize(QStringLiteral("  a\n\tb "));
        QCOMPARE(spaced.size(), 2);
        QCOMPARE(spaced[0].space, QStringLiteral("  "));
        QCOMPARE(spaced[1].space, QStringLiteral("\n\t"));
        QVERIFY(WordDiff::tokenize(QString()).isEmpty());
        QVERIFY(WordDiff::tokenize(QStringLiteral(" \n ")).isEmpty());
    }

    void equalTextsHaveNoChanges()
    {
        const WordDiff::Result r =
            WordDiff::diff(QStringLiteral("the gateway routes each request"),
                           QStringLiteral("the gateway routes each request"));
        QVERIFY(!r.hasChanges());
        QCOMPARE(r.equal, 5);
        QCOMPARE(script(r), QStringLiteral("=the gateway routes each request"));
        QVERIFY(r.exact);
    }

    void whitespaceDoesNotCount()
    {
        const WordDiff::Result r =
            WordDiff::diff(QStringLiteral("one  two\nthree"), QStringLiteral(" one two three\n"));
        QVERIFY(!r.hasChanges());
        QCOMPARE(r.equal, 3);
        // Equal runs are written as in the new text.
        QCOMPARE(script(r), QStringLiteral("= one two three"));
    }

    void insertions()
    {
        const WordDiff::Result r =
            WordDiff::diff(QStringLiteral("the cat sat"), QStringLiteral("the black cat sat down"));
        QCOMPARE(script(r), QStringLiteral("=the|+ black|= cat sat|+ down"));
        QCOMPARE(r.inserted, 2);
        QCOMPARE(r.deleted, 0);
        QCOMPARE(r.equal, 3);
    }

    void deletions()
    {
        const WordDiff::Result r = WordDiff::diff(QStringLiteral("first the black cat sat"),
                                                  QStringLiteral("the cat sat"));
        QCOMPARE(script(r), QStringLiteral("-first|=the|- black|= cat sat"));
        QCOMPARE(r.inserted, 0);
        QCOMPARE(r.deleted, 2);
    }

    void replacementsDeleteFirstThenInsert()
    {
        const WordDiff::Result r = WordDiff::diff(QStringLiteral("the cat sat on a mat"),
                                                  QStringLiteral("the dog lay on a mat"));
        QCOMPARE(script(r), QStringLiteral("=the|- cat sat|+ dog lay|= on a mat"));
        QCOMPARE(r.inserted, 2);
        QCOMPARE(r.deleted, 2);
        QCOMPARE(r.equal, 4);
    }

    void theCommonSubsequenceIsLongest()
    {
        // a b c d e f -> a c e f g: keep a c e f (4), delete b d, insert g.
        const WordDiff::Result r =
            WordDiff::diff(QStringLiteral("a b c d e f"), QStringLiteral("a c e f g"));
        QCOMPARE(r.equal, 4);
        QCOMPARE(r.deleted, 2);
        QCOMPARE(r.inserted, 1);
        QCOMPARE(script(r), QStringLiteral("=a|- b|= c|- d|= e f|+ g"));
        // A moved word is one deletion and one insertion, not a rewrite of everything between.
        const WordDiff::Result moved =
            WordDiff::diff(QStringLiteral("x a b c d"), QStringLiteral("a b c d x"));
        QCOMPARE(moved.equal, 4);
        QCOMPARE(moved.deleted, 1);
        QCOMPARE(moved.inserted, 1);
    }

    void emptyInputs()
    {
        QVERIFY(WordDiff::diff(QString(), QString()).segments.isEmpty());
        QVERIFY(!WordDiff::diff(QString(), QStringLiteral("  ")).hasChanges());
        const WordDiff::Result added = WordDiff::diff(QString(), QStringLiteral("new words"));
        QCOMPARE(script(added), QStringLiteral("+new words"));
        QCOMPARE(added.inserted, 2);
        const WordDiff::Result removed = WordDiff::diff(QStringLiteral("old words"), QString());
        QCOMPARE(script(removed), QStringLiteral("-old words"));
        QCOMPARE(removed.deleted, 2);
    }

    void punctuationIsItsOwnToken()
    {
        const WordDiff::Result r =
            WordDiff::diff(QStringLiteral("Hello, world!"), QStringLiteral("Hello world."));
        QCOMPARE(r.equal, 2);
        QCOMPARE(r.deleted, 2);  // "," and "!"
        QCOMPARE(r.inserted, 1); // "."
        QCOMPARE(script(r), QStringLiteral("=Hello|-,|= world|-!|+."));
        // Case matters: "The" and "the" are different words.
        QCOMPARE(WordDiff::diff(QStringLiteral("The end"), QStringLiteral("the end")).deleted, 1);
    }

    void segmentsRebuildBothTexts()
    {
        const QString before =
            QStringLiteral("The gateway routes each request,\nthen records tokens and latency.");
        const QString after = QStringLiteral(
            "Each request is routed by the gateway;\n\nit records latency, tokens and cost.");
        const WordDiff::Result r = WordDiff::diff(before, after);
        QVERIFY(r.hasChanges());
        QCOMPARE(rebuilt(r, Op::Delete), after);
        QCOMPARE(rebuilt(r, Op::Insert), before);
        for (qsizetype i = 1; i < r.segments.size(); ++i)
            QVERIFY(r.segments[i].op != r.segments[i - 1].op);
        int tokens = 0;
        for (const WordDiff::Segment& s : r.segments)
            tokens += s.tokens;
        QCOMPARE(tokens, r.equal + r.inserted + r.deleted);
    }

    void beyondTheCellLimitTheMiddleIsReplaced()
    {
        // The common prefix and suffix cost nothing; only the 3 x 3 middle counts.
        const QString before = QStringLiteral("same start a b c same end");
        const QString after = QStringLiteral("same start b x y same end");
        const WordDiff::Result exact = WordDiff::diff(before, after, 9);
        QVERIFY(exact.exact);
        QCOMPARE(exact.equal, 5);
        const WordDiff::Result coarse = WordDiff::diff(before, after, 8);
        QVERIFY(!coarse.exact);
        QCOMPARE(script(coarse), QStringLiteral("=same start|- a b c|+ b x y|= same end"));
        QCOMPARE(rebuilt(coarse, Op::Delete), after);
    }

    void longAnswersDiffQuickly()
    {
        // Two 1,500-word answers that differ all through: within the default cell limit.
        QStringList a, b;
        for (int i = 0; i < 1500; ++i) {
            a << QStringLiteral("w%1").arg(i % 97);
            b << QStringLiteral("w%1").arg((i * 7) % 89);
        }
        QElapsedTimer timer;
        timer.start();
        const WordDiff::Result r = WordDiff::diff(a.join(' '), b.join(' '));
        QVERIFY(r.exact);
        QCOMPARE(rebuilt(r, Op::Delete), b.join(' '));
        QCOMPARE(rebuilt(r, Op::Insert), a.join(' '));
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_APPLESS_MAIN(WordDiffTest)
#include "WordDiffTest.moc"
