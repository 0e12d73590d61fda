#pragma once

#include <QList>
#include <QString>

namespace ui {

// A word-level diff of two texts: the longest common subsequence of their word tokens, as a
// list of equal, inserted and deleted runs. Pure functions, no Qt GUI types, so the Replay
// page and its tests share them.
//
// Tokens are words (letters, digits and marks, with an apostrophe inside a word: "don't") and
// single punctuation or symbol characters ("," "!" "("). Whitespace is not a token: it is kept
// with the token that follows it, for display only, so texts that differ only in spacing or
// line breaks compare equal.
class WordDiff
{
public:
    enum class Op {
        Equal,  // in both texts
        Insert, // only in the new text
        Delete, // only in the old text
    };

    struct Token
    {
        QString text;
        QString space; // the whitespace before it in its text
    };

    struct Segment
    {
        Op op = Op::Equal;
        // The run's tokens with the whitespace before each, as written in the text they come
        // from: the new text for Equal and Insert, the old text for Delete. So the Equal and
        // Insert segments joined are the new text, the Equal and Delete ones the old text
        // (both without their trailing whitespace).
        QString text;
        int tokens = 0;
    };

    struct Result
    {
        QList<Segment> segments; // adjacent segments never have the same op
        int equal = 0;           // tokens in both texts
        int inserted = 0;
        int deleted = 0;
        // False when the texts were too long for an exact diff (see maxCells): the part that
        // differs is then one deletion and one insertion, which is correct but not minimal.
        bool exact = true;

        bool hasChanges() const { return inserted > 0 || deleted > 0; }
    };

    // The LCS table of the part that differs (after the common prefix and suffix are cut off)
    // is old tokens × new tokens bytes. Beyond this many cells (4 MB, a few milliseconds of
    // work: two answers of ~2,000 words that differ all through) the diff is not exact.
    static constexpr qint64 defaultMaxCells = 4'000'000;

    static QList<Token> tokenize(const QString& text);
    static Result diff(const QString& before, const QString& after,
                       qint64 maxCells = defaultMaxCells);
};

} // namespace ui
