using System.Text;
using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Tests.Columnar;

public class StringVectorViewTests
{
    private static readonly byte[] Source = Encoding.UTF8.GetBytes("alpha\nbeta\ngamma\n");

    private static StringVector ThreeRowView()
    {
        var v = StringVector.ViewOver(StringType.Instance, Source, 2); // capacity 2: the third row regrows
        v.AppendView(0, 5);
        v.AppendNull();
        v.AppendView(11, 5);
        return v;
    }

    private static object?[] Values(ColumnVector v) => Enumerable.Range(0, v.Length).Select(v.GetValue).ToArray();

    [Fact]
    public void View_RowsReadFromSharedBuffer_NoCopy()
    {
        var v = ThreeRowView();
        Assert.Same(Source, v.Data);
        Assert.Equal(new object?[] { "alpha", null, "gamma" }, Values(v));
        Assert.Equal(5, v.GetLength(2));
        Assert.Equal(10, v.DataLength);
        Assert.Equal("gamma", Encoding.UTF8.GetString(v.GetMemory(2).Span));
    }

    [Fact]
    public void Take_FromView_CopiesOnlyChosenRows()
    {
        var taken = (StringVector)ThreeRowView().Take(new[] { 2, 1 });
        Assert.Null(taken.Lengths);
        Assert.NotSame(Source, taken.Data);
        Assert.Equal(new object?[] { "gamma", null }, Values(taken));
    }

    [Fact]
    public void Append_ToView_MaterializesThenKeepsBothKinds()
    {
        var v = ThreeRowView();
        v.Append("delta"u8);
        Assert.Null(v.Lengths);
        Assert.NotSame(Source, v.Data);
        v.AppendView(6, 4); // a view row after materializing is copied from the original buffer
        v.AppendNull();
        Assert.Equal(new object?[] { "alpha", null, "gamma", "delta", "beta", null }, Values(v));
    }

    [Fact]
    public void EncodeAll_View_SameKeysAsOrdinaryVector()
    {
        var view = StringVector.ViewOver(StringType.Instance, Source, 4);
        view.AppendView(11, 5);
        view.AppendView(0, 5);
        view.AppendView(6, 4);
        var copy = (StringVector)view.Take(new[] { 0, 1, 2 });
        var ends = new int[3];
        var fromView = new RowEncoder().EncodeAll(new ColumnVector[] { view }, 3, ends).ToArray();
        var viewEnds = ends.ToArray();
        var fromCopy = new RowEncoder().EncodeAll(new ColumnVector[] { copy }, 3, ends).ToArray();
        Assert.Equal(fromCopy, fromView);
        Assert.Equal(ends, viewEnds);
        Assert.Equal(3 * 5 + 14, fromView.Length); // a tag and a length per key, then gamma, alpha, beta
    }

    [Fact]
    public void AppendFrom_View_CopiesValue()
    {
        var target = new StringVector(StringType.Instance, 1);
        var v = ThreeRowView();
        for (int i = 0; i < v.Length; i++) target.AppendFrom(v, i);
        Assert.Equal(new object?[] { "alpha", null, "gamma" }, Values(target));
    }
}
