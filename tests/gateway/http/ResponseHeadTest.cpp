#include "http/ResponseHead.h"

#include <gtest/gtest.h>

#include <limits>

using gateway::http::appendDecimal;
using gateway::http::appendParts;
using gateway::http::appendResponseHead;

TEST(ResponseHead, AppendDecimalWritesTheNumberAfterWhatIsThere)
{
    QByteArray out = "Content-Length: ";
    appendDecimal(out, 0);
    EXPECT_EQ(out, "Content-Length: 0");
    out.clear();
    appendDecimal(out, 674);
    appendDecimal(out, -12);
    EXPECT_EQ(out, "674-12");
    out.clear();
    appendDecimal(out, std::numeric_limits<qint64>::max());
    EXPECT_EQ(out, QByteArray::number(std::numeric_limits<qint64>::max()));
    out.clear();
    appendDecimal(out, std::numeric_limits<qint64>::min());
    EXPECT_EQ(out, QByteArray::number(std::numeric_limits<qint64>::min()));
}

TEST(ResponseHead, StatusLineTypeExtraHeadersAndClose)
{
    QByteArray out;
    appendResponseHead(out, 429, "application/json", {{"retry-after", "3"}}, true);
    EXPECT_TRUE(out.startsWith("HTTP/1.1 429 Too Many Requests\r\nDate: ")) << out.constData();
    EXPECT_TRUE(out.endsWith("\r\nContent-Type: application/json\r\nretry-after: 3\r\n"
                             "Connection: close\r\n"))
        << out.constData();
}

TEST(ResponseHead, AppendPartsAddsEachPartInOrderAfterWhatIsThere)
{
    QByteArray out = "GET";
    appendParts(out, {" ", "/v1/models", QByteArrayView(), "", " HTTP/1.1\r\n"});
    EXPECT_EQ(out, "GET /v1/models HTTP/1.1\r\n");
    appendParts(out, {});
    EXPECT_EQ(out, "GET /v1/models HTTP/1.1\r\n");

    // Beyond the capacity there was: it grows, and what was there stays.
    const QByteArray big(10000, 'x');
    QByteArray small = "head:";
    small.squeeze();
    appendParts(small, {big, ":", big});
    EXPECT_EQ(small.size(), 5 + 10000 + 1 + 10000);
    EXPECT_TRUE(small.startsWith("head:xxx"));
    EXPECT_EQ(small.mid(5 + 10000, 1), ":");

    // A shared array is detached, not written through.
    QByteArray original = "shared";
    QByteArray copy = original;
    appendParts(copy, {"!"});
    EXPECT_EQ(original, "shared");
    EXPECT_EQ(copy, "shared!");
}
