using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Functions;

public class DateTimeFunctionTests
{
    private static readonly DateTime Ts = new(2015, 4, 8, 13, 8, 15, 123, DateTimeKind.Utc);
    private static readonly DateOnly Day = new(2015, 4, 8);

    [Fact]
    public void DateFormat_SparkPatterns()
    {
        var r = F.One(DateFormat(Lit(Ts), "yyyy-MM-dd HH:mm:ss.SSS"), DateFormat(Lit(Ts), "EEE, d MMM yyyy h:mm a"), DateFormat(Lit(Day), "MM/dd/yy EEEE MMMM"),
            DateFormat(Lit("2015-04-08"), "D Q"), DateFormat(Col("ns"), "yyyy"));
        Assert.Equal(new object?[] { "2015-04-08 13:08:15.123", "Wed, 8 Apr 2015 1:08 PM", "04/08/15 Wednesday April", "98 2", null }, r.Values);
        Assert.Equal("date_format(s, yyyy)", F.Names(DateFormat(Col("s"), "yyyy"))[0]);
    }

    [Fact]
    public void DateFormat_WeekBasedPattern_Throws()
    {
        var e = Assert.ThrowsAny<Exception>(() => F.One(DateFormat(Lit(Ts), "YYYY ww")));
        Assert.Contains("DATETIME_WEEK_BASED_PATTERN", e.ToString());
    }

    [Fact]
    public void ToDateToTimestamp_ParseWithAndWithoutFormat()
    {
        var r = F.One(ToDate(Lit("1997-02-28 10:30:00")), ToDate(Lit("02/28/1997"), "MM/dd/yyyy"), ToDate(Lit("bad"), "MM/dd/yyyy"), ToTimestamp(Lit("1997-02-28 10:30:00")),
            ToTimestamp(Lit("28.02.1997 10:30"), "dd.MM.yyyy HH:mm"), ToTimestamp(Lit("20200101"), "yyyyMMdd"), ToDate(Col("ns")));
        Assert.Equal(new DateOnly(1997, 2, 28), r[0]);
        Assert.Equal(new DateOnly(1997, 2, 28), r[1]);
        Assert.Null(r[2]);
        Assert.Equal(new DateTime(1997, 2, 28, 10, 30, 0, DateTimeKind.Utc), r[3]);
        Assert.Equal(new DateTime(1997, 2, 28, 10, 30, 0, DateTimeKind.Utc), r[4]);
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), r[5]);
        Assert.Null(r[6]);
        Assert.IsType<DateType>(F.TypeOf(ToDate(Col("s"))));
    }

    [Fact]
    public void UnixTimestamp_FromUnixTime_RoundTrip()
    {
        var r = F.One(UnixTimestamp(Lit("2015-04-08 13:08:15")), UnixTimestamp(Lit("2015-04-08"), "yyyy-MM-dd"), FromUnixTime(Lit(1428498495L)), FromUnixTime(Lit(0L), "yyyy/MM/dd"),
            UnixTimestamp(Lit("nope")), TimestampSeconds(Lit(1230219000L)), UnixSeconds(Lit(Ts)), UnixMillis(Lit(Ts)), UnixMicros(Lit(new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc))),
            TimestampMillis(Lit(1000L)), TimestampMicros(Lit(1L)));
        Assert.Equal(1428498495L, r[0]);
        Assert.Equal(1428451200L, r[1]);
        Assert.Equal("2015-04-08 13:08:15", r[2]);
        Assert.Equal("1970/01/01", r[3]);
        Assert.Null(r[4]);
        Assert.Equal(new DateTime(2008, 12, 25, 15, 30, 0, DateTimeKind.Utc), r[5]);
        Assert.Equal(1428498495L, r[6]);
        Assert.Equal(1428498495123L, r[7]);
        Assert.Equal(1_000_000L, r[8]);
        Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc), r[9]);
        Assert.IsType<LongType>(F.TypeOf(UnixTimestamp(Col("s"))));
        Assert.Equal("unix_timestamp(s, yyyy-MM-dd HH:mm:ss)", F.Names(UnixTimestamp(Col("s")))[0]);
    }

    [Fact]
    public void Fields_ExtractFromDatesAndTimestamps()
    {
        var r = F.One(Year(Lit(Day)), Quarter(Lit(Day)), Month(Lit(Day)), DayOfMonth(Lit(Day)), DayOfWeek(Lit(Day)), DayOfYear(Lit(Day)), Weekday(Lit(Day)),
            WeekOfYear(Lit(Day)), Hour(Lit(Ts)), Minute(Lit(Ts)), Second(Lit(Ts)), Year(Lit("2016-07-30")), Year(Col("ns")));
        Assert.Equal(new object?[] { 2015, 2, 4, 8, 4, 98, 2, 15, 13, 8, 15, 2016, null }, r.Values);
        Assert.Equal("year(s)", F.Names(Year(Col("s")))[0]);
    }

    [Fact]
    public void DateArithmetic()
    {
        var r = F.One(DateAdd(Lit(Day), 1), DateSub(Lit(Day), 1), DateDiff(Lit(new DateOnly(2015, 4, 8)), Lit(new DateOnly(2015, 5, 8))), AddMonths(Lit(new DateOnly(2016, 8, 31)), 1),
            MonthsBetween(Lit(new DateTime(1997, 2, 28, 10, 30, 0, DateTimeKind.Utc)), Lit(new DateTime(1996, 10, 30, 0, 0, 0, DateTimeKind.Utc))),
            MonthsBetween(Lit(new DateTime(1997, 2, 28, 10, 30, 0, DateTimeKind.Utc)), Lit(new DateTime(1996, 10, 30, 0, 0, 0, DateTimeKind.Utc)), false),
            LastDay(Lit(new DateOnly(2009, 1, 12))), NextDay(Lit(new DateOnly(2015, 1, 14)), "TU"), NextDay(Lit(Day), "xyz"), DateAdd(Col("ns"), 1));
        Assert.Equal(new DateOnly(2015, 4, 9), r[0]);
        Assert.Equal(new DateOnly(2015, 4, 7), r[1]);
        Assert.Equal(-30, r[2]);
        Assert.Equal(new DateOnly(2016, 9, 30), r[3]);
        Assert.Equal(3.94959677, r[4]);
        Assert.Equal(3.9495967741935485, (double)r[5]!, 12);
        Assert.Equal(new DateOnly(2009, 1, 31), r[6]);
        Assert.Equal(new DateOnly(2015, 1, 20), r[7]);
        Assert.Null(r[8]);
        Assert.Null(r[9]);
        Assert.Equal(new[] { "date_add(s, 1)", "datediff(s, s)", "months_between(s, s, true)" }, F.Names(DateAdd(Col("s"), 1), DateDiff(Col("s"), Col("s")), MonthsBetween(Col("s"), Col("s"))));
    }

    [Fact]
    public void Truncation()
    {
        var r = F.One(Trunc(Lit(new DateOnly(2019, 8, 4)), "year"), Trunc(Lit(new DateOnly(2019, 8, 4)), "MM"), Trunc(Lit(new DateOnly(2019, 8, 4)), "week"), Trunc(Lit(Day), "bogus"),
            DateTrunc("HOUR", Lit(Ts)), DateTrunc("YEAR", Lit(Ts)), DateTrunc("MILLISECOND", Lit(Ts)), DateTrunc("bogus", Lit(Ts)));
        Assert.Equal(new DateOnly(2019, 1, 1), r[0]);
        Assert.Equal(new DateOnly(2019, 8, 1), r[1]);
        Assert.Equal(new DateOnly(2019, 7, 29), r[2]);
        Assert.Null(r[3]);
        Assert.Equal(new DateTime(2015, 4, 8, 13, 0, 0, DateTimeKind.Utc), r[4]);
        Assert.Equal(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc), r[5]);
        Assert.Equal(Ts, r[6]);
        Assert.Null(r[7]);
    }

    [Fact]
    public void TimeZones_ShiftBetweenUtcAndZone()
    {
        var utc = new DateTime(2016, 8, 31, 0, 0, 0, DateTimeKind.Utc);
        var r = F.One(FromUtcTimestamp(Lit(utc), "Asia/Seoul"), ToUtcTimestamp(Lit(utc), "Asia/Seoul"), FromUtcTimestamp(Lit(utc), "+01:00"), CurrentTimezone());
        Assert.Equal(new DateTime(2016, 8, 31, 9, 0, 0, DateTimeKind.Utc), r[0]);
        Assert.Equal(new DateTime(2016, 8, 30, 15, 0, 0, DateTimeKind.Utc), r[1]);
        Assert.Equal(new DateTime(2016, 8, 31, 1, 0, 0, DateTimeKind.Utc), r[2]);
        Assert.Equal("UTC", r[3]);
        var e = Assert.ThrowsAny<Exception>(() => F.One(FromUtcTimestamp(Lit(utc), "Mars/Olympus")));
        Assert.Contains("INVALID_TIMEZONE", e.ToString());
    }

    [Fact]
    public void MakeDateMakeTimestamp_InvalidIsNull()
    {
        var r = F.One(MakeDate(Lit(2013), Lit(7), Lit(15)), MakeDate(Lit(2019), Lit(13), Lit(1)),
            MakeTimestamp(Lit(2014), Lit(12), Lit(28), Lit(6), Lit(30), Lit(45.887m)), MakeTimestamp(Lit(2019), Lit(6), Lit(30), Lit(23), Lit(59), Lit(60)),
            MakeTimestamp(Lit(2014), Lit(12), Lit(28), Lit(6), Lit(30), Lit(45.887m), Lit("CET")));
        Assert.Equal(new DateOnly(2013, 7, 15), r[0]);
        Assert.Null(r[1]);
        Assert.Equal(new DateTime(2014, 12, 28, 6, 30, 45, 887, DateTimeKind.Utc), r[2]);
        Assert.Equal(new DateTime(2019, 7, 1, 0, 0, 0, DateTimeKind.Utc), r[3]);
        Assert.Equal(new DateTime(2014, 12, 28, 5, 30, 45, 887, DateTimeKind.Utc), r[4]);
    }

    [Fact]
    public void CurrentDateTimestamp_AreNondeterministicAndRecent()
    {
        var before = DateTime.UtcNow.AddSeconds(-5);
        var r = F.One(CurrentDate(), CurrentTimestamp(), Now());
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), r[0]);
        Assert.InRange((DateTime)r[1]!, before, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(new[] { "current_date()", "current_timestamp()", "now()" }, F.Names(CurrentDate(), CurrentTimestamp(), Now()));
    }
}
