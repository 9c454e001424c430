return base + tonumber(ARGV[1])
