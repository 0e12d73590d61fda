#include "stages/LimitStage.h"

#include <gtest/gtest.h>

using gateway::stages::LimitStage;

// OpenAI's x-ratelimit-reset-* are Go durations ("1s", "6m0s", "20ms").
TEST(LimitStage, FormatsDurationsAsOpenAiDoes)
{
    EXPECT_EQ(LimitStage::formatDuration(0), "0ms");
    EXPECT_EQ(LimitStage::formatDuration(20), "20ms");
    EXPECT_EQ(LimitStage::formatDuration(1000), "1s");
    EXPECT_EQ(LimitStage::formatDuration(1500), "1.5s");
    EXPECT_EQ(LimitStage::formatDuration(59'750), "59.75s");
    EXPECT_EQ(LimitStage::formatDuration(360'000), "6m0s");
    EXPECT_EQ(LimitStage::formatDuration(90'500), "1m30.5s");
    EXPECT_EQ(LimitStage::formatDuration(3'600'000), "1h0m0s");
    EXPECT_EQ(LimitStage::formatDuration(61'075), "1m1.075s");
    EXPECT_EQ(LimitStage::formatDuration(7'384'120), "2h3m4.12s");
}
