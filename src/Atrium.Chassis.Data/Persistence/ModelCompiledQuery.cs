using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// A compiled EF Core query, compiled once per model. EF Core binds a compiled query to the provider of the first
/// context that runs it, so one context type used with two providers in one process (SQLite and PostgreSQL, as the
/// tests do) needs a compiled query for each; a model belongs to one provider, so it is the key.
/// </summary>
/// <typeparam name="TQuery">The delegate <see cref="EF.CompileAsyncQuery{TContext, TResult}(System.Linq.Expressions.Expression{Func{TContext, DbSet{TResult}}})"/> returns.</typeparam>
public sealed class ModelCompiledQuery<TQuery>
    where TQuery : Delegate
{
    private readonly Func<IModel, TQuery> _compile;
    private readonly ConcurrentDictionary<IModel, TQuery> _compiled = new();

    /// <summary>Keeps <paramref name="compile"/> (a call of <c>EF.CompileAsyncQuery</c>) to run once per model.</summary>
    public ModelCompiledQuery(Func<TQuery> compile)
    {
        ArgumentNullException.ThrowIfNull(compile);
        _compile = _ => compile();
    }

    /// <summary>Keeps <paramref name="compile"/>, for a query built from the model (a key's name), to run once per model.</summary>
    public ModelCompiledQuery(Func<IModel, TQuery> compile) => _compile = compile ?? throw new ArgumentNullException(nameof(compile));

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TQuery For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _compiled.GetOrAdd(db.Model, _compile);
    }
}
