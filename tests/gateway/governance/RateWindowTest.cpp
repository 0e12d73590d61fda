#include "governance/RateWindow.h"

#include <gtest/gtest.h>

using gateway::governance::RateWindow;

TEST(RateWindow, SlotsLeaveSixtySecondsAfterTheirSecond)
{
    RateWindow w;
    w.advance(1000);
    w.add(2, 20);
    w.advance(1030);
    w.add(1, 5);
    EXPECT_EQ(w.requests(), 3);
    EXPECT_EQ(w.tokens(), 25);
    // At 1059.5 s the window is full: one more fits when second 1000 leaves, at 1060 s.
    EXPECT_EQ(w.msUntilRequestsFit(3, 1, 1'059'500), 500);
    w.advance(1059);
    EXPECT_EQ(w.requests(), 3);
    w.advance(1060);
    EXPECT_EQ(w.requests(), 1);
    EXPECT_EQ(w.tokens(), 5);
    w.advance(1090);
    EXPECT_EQ(w.requests(), 0);
}

TEST(RateWindow, TokensFitWhenEnoughOldSlotsHaveLeft)
{
    RateWindow w;
    w.advance(100);
    w.add(1, 40);
    w.advance(110);
    w.add(1, 40);
    // limit 100, 80 used: 30 more need second 100's 40 to leave (at 160 s).
    EXPECT_EQ(w.msUntilTokensFit(100, 30, 110'000), 50'000);
    EXPECT_EQ(w.msUntilTokensFit(100, 20, 110'000), 0);
    EXPECT_EQ(w.msUntilTokensFit(100, 101, 110'000), -1);
    // Empty again once second 110 leaves.
    EXPECT_EQ(w.msUntilTokensEmpty(110'250), 59'750);
}

TEST(RateWindow, SettlementAdjustsTheSlotItCountedIn)
{
    RateWindow w;
    w.advance(100);
    w.add(1, 500);
    w.advance(120);
    w.adjustTokens(100, -450);
    EXPECT_EQ(w.tokens(), 50);
    w.adjustTokens(100, -1000); // never below zero
    EXPECT_EQ(w.tokens(), 0);
    w.advance(200);
    w.adjustTokens(100, 30); // the slot left: the excess counts now
    EXPECT_EQ(w.tokens(), 30);
    w.adjustTokens(100, -30); // and a shortfall no longer matters
    EXPECT_EQ(w.tokens(), 30);
}

TEST(RateWindow, RoundTripsThroughItsStoredBytes)
{
    RateWindow w;
    w.advance(5000);
    w.add(3, 300);
    w.advance(5042);
    w.add(1, 7);
    RateWindow back;
    ASSERT_TRUE(RateWindow::fromBytes(w.head(), w.toBytes(), &back));
    EXPECT_EQ(back.requests(), 4);
    EXPECT_EQ(back.tokens(), 307);
    back.advance(5060);
    EXPECT_EQ(back.requests(), 1);
    EXPECT_FALSE(RateWindow::fromBytes(1, QByteArray("short"), &back));
}

TEST(RateWindow, AClockThatGoesBackKeepsTheWindow)
{
    RateWindow w;
    w.advance(100);
    w.add(1, 1);
    w.advance(90);
    EXPECT_EQ(w.head(), 100);
    EXPECT_EQ(w.requests(), 1);
}
