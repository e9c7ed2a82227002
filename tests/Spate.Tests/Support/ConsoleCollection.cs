namespace Spate.Tests.Support;

/// <summary>Tests that capture Console.Out run alone: the console is process-wide.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection { }
