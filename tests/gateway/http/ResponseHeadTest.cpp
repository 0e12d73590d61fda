#include "http/ResponseHead.h"

#include <gtest/gtest.h>

#include <limits>

using gateway::http::appendDecimal;
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
