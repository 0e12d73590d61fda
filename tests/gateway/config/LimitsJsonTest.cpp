#include "config/LimitsJson.h"

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace gateway;
using namespace gateway::config;

TEST(LimitsJson, RoundTripsAndRefusesWhatIsNoLimit)
{
    config::Limits l;
    l.rpm = 10;
    l.tpm = 2000;
    l.maxConcurrent = 3;
    l.tokenQuota = 1'000'000;
    l.quotaPeriod = config::Period::Week;
    l.budgetNanos = config::usdToNanos(0.01);
    l.budgetPeriod = config::Period::Total;
    l.alertAtPercent = 90;
    const QJsonObject json = config::limitsToJson(l);
    EXPECT_EQ(QJsonDocument(json).toJson(QJsonDocument::Compact),
              R"({"alertAtPercent":90,"budget":{"period":"total","usd":0.01},"maxConcurrent":3,)"
              R"("quota":{"period":"week","tokens":1000000},"rpm":10,"tpm":2000})");
    Result<config::Limits> back = config::limitsFromJson(json);
    ASSERT_TRUE(back.ok()) << qPrintable(back.error());
    EXPECT_EQ(back.value(), l);
    EXPECT_TRUE(config::limitsToJson(config::Limits()).isEmpty());
    EXPECT_EQ(config::limitsFromJson(QJsonObject()).value(), config::Limits());

    const auto error = [](const char* text) {
        return config::limitsFromJson(QJsonDocument::fromJson(text).object()).error();
    };
    EXPECT_EQ(error(R"({"rpm": -1})"),
              QStringLiteral("limits.rpm: must be an integer from 0 to 1099511627776"));
    EXPECT_EQ(error(R"({"rpm": 1.5})"),
              QStringLiteral("limits.rpm: must be an integer from 0 to 1099511627776"));
    EXPECT_EQ(error(R"({"budget": {"period": "day"}})"),
              QStringLiteral("limits.budget.usd: is required"));
    EXPECT_EQ(
        error(R"({"quota": {"tokens": 5, "period": "year"}})"),
        QStringLiteral("limits.quota.period: must be \"day\", \"week\", \"month\" or \"total\""));
    EXPECT_TRUE(error(R"({"rpn": 5})").startsWith(QStringLiteral("limits.rpn: is not a limit")));
    EXPECT_FALSE(config::limitsFromJson(QJsonValue(5)).ok());
}
