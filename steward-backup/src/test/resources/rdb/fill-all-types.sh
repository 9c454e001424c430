#!/bin/bash
# Fills a Redis server with every type and encoding Redis 7.0 writes (see README.md). $1 = port
P=$1
r() { redis-cli -p $P "$@" >/dev/null; }
r FLUSHALL
r SET s:int 12345
r SET s:neg -7
r SET s:i16 30000
r SET s:i32 -2000000000
r SET s:i64 9223372036854775807
r SET s:embstr hello
r SET s:empty ""
r SET s:raw "$(head -c 300 /dev/urandom | base64 -w0)"
r SET s:lzf "$(printf 'abcdefgh%.0s' $(seq 1 500))"
r SET s:ttl expiring PX 3600000
r RPUSH l:small a b 1 -2 300000 "$(printf 'x%.0s' $(seq 1 70))"
for i in $(seq 1 300); do echo "RPUSH l:big element-$i $i"; done | redis-cli -p $P >/dev/null
r SADD set:int 1 2 3 -5 100000 4294967296
r SADD set:small a b c
for i in $(seq 1 200); do echo "SADD set:big member-$i"; done | redis-cli -p $P >/dev/null
r ZADD z:small 1.5 a -0.25 b 3 c inf d -inf e 1e100 f
for i in $(seq 1 200); do echo "ZADD z:big $i.25 m-$i"; done | redis-cli -p $P >/dev/null
r HSET h:small f1 v1 f2 2 f3 -3 f4 "$(printf 'y%.0s' $(seq 1 40))"
for i in $(seq 1 600); do echo "HSET h:big field-$i value-$i"; done | redis-cli -p $P >/dev/null
r HSET h:longvalue f "$(printf 'z%.0s' $(seq 1 100))"
for i in $(seq 1 150); do echo "XADD st:main $i-1 temp $i unit c"; done | redis-cli -p $P >/dev/null
r XADD st:main 200-1 other field
r XADD st:main 201-1 temp 9 unit c extra yes
r XDEL st:main 5-1 6-1 200-1
r XGROUP CREATE st:main g1 0
r XGROUP CREATE st:main g2 '$'
r XREADGROUP GROUP g1 alice COUNT 3 STREAMS st:main '>'
r XREADGROUP GROUP g1 bob COUNT 2 STREAMS st:main '>'
r XACK st:main g1 1-1
r XGROUP CREATECONSUMER st:main g2 carol
r XGROUP CREATE st:empty g0 '$' MKSTREAM
r PEXPIRE h:small 7200000
r FUNCTION LOAD "#!lua name=mylib
redis.register_function('myfunc', function(keys, args) return 1 end)"
redis-cli -p $P -n 1 SET one 1 >/dev/null
redis-cli -p $P -n 1 RPUSH list1 x y z >/dev/null
redis-cli -p $P -n 5 HSET h5 a b >/dev/null
redis-cli -p $P -n 5 SET five:ttl v PX 9000000 >/dev/null
redis-cli -p $P -n 3 SET gone x >/dev/null
redis-cli -p $P -n 3 DEL gone >/dev/null
