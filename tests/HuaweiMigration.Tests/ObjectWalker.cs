using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;

namespace HuaweiMigration.Tests
{
    /// <summary>Every public property value of an object graph, as text, for secret audits.</summary>
    public static class ObjectWalker
    {
        public static IEnumerable<string> Values(object root)
        {
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<object>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var o = stack.Pop();
                if (o == null) continue;
                if (o is string s) { yield return s; continue; }
                var type = o.GetType();
                if (type.IsPrimitive || type.IsEnum || o is DateTime || o is DateTimeOffset || o is TimeSpan || o is decimal || o is Uri)
                {
                    yield return o.ToString();
                    continue;
                }
                if (!seen.Add(o)) continue;
                if (o is IEnumerable items)
                {
                    foreach (var item in items) stack.Push(item);
                    continue;
                }
                yield return o.ToString();
                foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (p.GetIndexParameters().Length > 0) continue;
                    object value;
                    try { value = p.GetValue(o); } catch { continue; }
                    stack.Push(value);
                }
            }
        }
    }
}
