Console.WriteLine("usage: ./duel bench grains|sandbox|load|chaos");
