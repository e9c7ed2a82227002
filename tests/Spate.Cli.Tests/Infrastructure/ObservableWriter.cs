using System.Text;

namespace Spate.Cli.Tests.Infrastructure;

/// <summary>A thread-safe text writer whose lines can be awaited: lets tests react to "Now listening" without polling.</summary>
internal sealed class ObservableWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var line = CompleteLines().FirstOrDefault(_waiters[i].Match);
                if (line is not null)
                {
                    _waiters[i].Done.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    /// <summary>Completes with the first whole line matching <paramref name="match"/> (already written or to come).</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        lock (_text)
        {
            var line = CompleteLines().FirstOrDefault(match);
            if (line is not null)
            {
                return Task.FromResult(line);
            }
            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }

    private IEnumerable<string> CompleteLines()
    {
        var text = _text.ToString();
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : text[..end].Split('\n').Select(l => l.TrimEnd('\r'));
    }
}
