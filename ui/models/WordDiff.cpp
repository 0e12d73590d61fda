#include "models/WordDiff.h"

#include <QHash>

#include <vector>

namespace ui {

namespace {

char32_t codePointAt(const QString& text, qsizetype i, int* length)
{
    const QChar c = text.at(i);
    if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
        *length = 2;
        return QChar::surrogateToUcs4(c, text.at(i + 1));
    }
    *length = 1;
    return c.unicode();
}

// Chinese and Japanese are written without spaces: each character is a token of its own, or a
// whole sentence would be one "word" and any change would replace all of it.
bool standsAlone(char32_t c)
{
    switch (QChar::script(c)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana: return true;
    default: return false;
    }
}

bool isWordChar(char32_t c)
{
    return (QChar::isLetterOrNumber(c) || QChar::isMark(c) || c == U'_') && !standsAlone(c);
}

bool isApostrophe(char32_t c)
{
    return c == U'\'' || c == U'\u2019';
}

} // namespace

QList<WordDiff::Token> WordDiff::tokenize(const QString& text)
{
    QList<Token> tokens;
    QString space;
    qsizetype i = 0;
    while (i < text.size()) {
        int length = 1;
        const char32_t c = codePointAt(text, i, &length);
        if (QChar::isSpace(c)) {
            space += text.mid(i, length);
            i += length;
            continue;
        }
        qsizetype end = i + length;
        if (isWordChar(c)) {
            while (end < text.size()) {
                int l = 1;
                const char32_t next = codePointAt(text, end, &l);
                if (isWordChar(next)) {
                    end += l;
                    continue;
                }
                // "don't", "it’s": an apostrophe between two word characters is part of the word.
                if (isApostrophe(next) && end + l < text.size()) {
                    int after = 1;
                    if (isWordChar(codePointAt(text, end + l, &after))) {
                        end += l + after;
                        continue;
                    }
                }
                break;
            }
        }
        tokens.append(Token{text.mid(i, end - i), space});
        space.clear();
        i = end;
    }
    return tokens;
}

WordDiff::Result WordDiff::diff(const QString& before, const QString& after, qint64 maxCells)
{
    const QList<Token> a = tokenize(before);
    const QList<Token> b = tokenize(after);
    // Tokens compared as small integers: the LCS loop then compares ints, not strings.
    QHash<QString, int> ids;
    std::vector<int> x, y;
    x.reserve(size_t(a.size()));
    y.reserve(size_t(b.size()));
    auto idOf = [&ids](const QString& text) {
        auto it = ids.constFind(text);
        if (it == ids.constEnd())
            it = ids.insert(text, int(ids.size()));
        return it.value();
    };
    for (const Token& t : a)
        x.push_back(idOf(t.text));
    for (const Token& t : b)
        y.push_back(idOf(t.text));

    const qsizetype n = a.size();
    const qsizetype m = b.size();
    qsizetype prefix = 0;
    while (prefix < n && prefix < m && x[size_t(prefix)] == y[size_t(prefix)])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < n - prefix && suffix < m - prefix &&
           x[size_t(n - 1 - suffix)] == y[size_t(m - 1 - suffix)])
        ++suffix;

    // The edit script as (op, index into a or b), in order.
    struct Step
    {
        Op op;
        qsizetype index;
    };
    std::vector<Step> steps;
    steps.reserve(size_t(n + m));
    for (qsizetype k = 0; k < prefix; ++k)
        steps.push_back({Op::Equal, k});

    Result result;
    const qsizetype rows = n - prefix - suffix;
    const qsizetype cols = m - prefix - suffix;
    if (rows > 0 && cols > 0 && qint64(rows) * qint64(cols) > maxCells) {
        result.exact = false;
        for (qsizetype i = 0; i < rows; ++i)
            steps.push_back({Op::Delete, prefix + i});
        for (qsizetype j = 0; j < cols; ++j)
            steps.push_back({Op::Insert, prefix + j});
    } else if (rows > 0 && cols > 0) {
        // lcs[i][j] is the LCS length of the suffixes x[i..] and y[j..], computed backwards one
        // row at a time; only each cell's choice is kept, one byte a cell.
        enum : quint8 { Match, SkipOld, SkipNew };
        std::vector<quint8> choice(size_t(rows * cols));
        std::vector<int> below(size_t(cols + 1), 0), row(size_t(cols + 1), 0);
        for (qsizetype i = rows - 1; i >= 0; --i) {
            row[size_t(cols)] = 0;
            const int xi = x[size_t(prefix + i)];
            for (qsizetype j = cols - 1; j >= 0; --j) {
                quint8& c = choice[size_t(i * cols + j)];
                if (xi == y[size_t(prefix + j)]) {
                    row[size_t(j)] = below[size_t(j + 1)] + 1;
                    c = Match;
                } else if (below[size_t(j)] >= row[size_t(j + 1)]) {
                    row[size_t(j)] = below[size_t(j)];
                    c = SkipOld;
                } else {
                    row[size_t(j)] = row[size_t(j + 1)];
                    c = SkipNew;
                }
            }
            std::swap(below, row);
        }
        qsizetype i = 0, j = 0;
        while (i < rows && j < cols) {
            switch (choice[size_t(i * cols + j)]) {
            case Match:
                steps.push_back({Op::Equal, prefix + j});
                ++i;
                ++j;
                break;
            case SkipOld: steps.push_back({Op::Delete, prefix + i++}); break;
            default: steps.push_back({Op::Insert, prefix + j++}); break;
            }
        }
        for (; i < rows; ++i)
            steps.push_back({Op::Delete, prefix + i});
        for (; j < cols; ++j)
            steps.push_back({Op::Insert, prefix + j});
    } else {
        for (qsizetype i = 0; i < rows; ++i)
            steps.push_back({Op::Delete, prefix + i});
        for (qsizetype j = 0; j < cols; ++j)
            steps.push_back({Op::Insert, prefix + j});
    }
    for (qsizetype k = 0; k < suffix; ++k)
        steps.push_back({Op::Equal, m - suffix + k});

    // Runs of changes read best as "what went" then "what came": within each run between two
    // equal tokens, deletions go first (the order of deletions and insertions among
    // themselves is kept, so the texts rebuilt from the segments do not change).
    auto append = [&result](Op op, const Token& token) {
        if (result.segments.isEmpty() || result.segments.last().op != op)
            result.segments.append(Segment{op, QString(), 0});
        Segment& s = result.segments.last();
        s.text += token.space + token.text;
        ++s.tokens;
    };
    size_t k = 0;
    while (k < steps.size()) {
        if (steps[k].op == Op::Equal) {
            append(Op::Equal, b.at(steps[k].index));
            ++result.equal;
            ++k;
            continue;
        }
        size_t end = k;
        while (end < steps.size() && steps[end].op != Op::Equal)
            ++end;
        for (size_t s = k; s < end; ++s) {
            if (steps[s].op == Op::Delete) {
                append(Op::Delete, a.at(steps[s].index));
                ++result.deleted;
            }
        }
        for (size_t s = k; s < end; ++s) {
            if (steps[s].op == Op::Insert) {
                append(Op::Insert, b.at(steps[s].index));
                ++result.inserted;
            }
        }
        k = end;
    }
    return result;
}

} // namespace ui
